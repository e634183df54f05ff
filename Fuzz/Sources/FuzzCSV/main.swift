import FuzzSupport

runLibFuzzer { fuzzCSV($0, $1) }
