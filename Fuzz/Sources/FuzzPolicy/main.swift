import FuzzSupport

runLibFuzzer { fuzzPolicy($0, $1) }
