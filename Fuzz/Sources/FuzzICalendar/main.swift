import FuzzSupport

runLibFuzzer { fuzzICalendar($0, $1) }
