import FuzzSupport

runLibFuzzer { fuzzAWSXML($0, $1) }
