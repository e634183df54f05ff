import FuzzSupport

runLibFuzzer { fuzzAWSJSON($0, $1) }
