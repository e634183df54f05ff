import TermscaleCore
import Testing

@testable import TermscaleReaders

@Suite struct MemoizedZoneTests {
    static let london = IANAZone(identifier: "Europe/London")!
    /// 2027-03-28T01:00:00Z, when London goes from GMT to BST.
    static let springForward: Int64 = 1_806_195_600

    @Test func givesTheOffsetsOfTheZoneItWraps() {
        let memo = MemoizedZone(Self.london)
        let instants = [-86_400, -3600, -1, 0, 1, 3600, 86_400].map { Self.springForward + $0 }
        #expect(memo.identifier == "Europe/London")
        for _ in 0..<2 { // the second pass comes from the cache
            #expect(instants.map(memo.utcOffset) == [0, 0, 0, 3600, 3600, 3600, 3600])
        }
    }

    @Test func oneInstanceServesManyTasksAtOnce() async {
        let memo = MemoizedZone(Self.london)
        // Every 6 hours of 2027 (from 2027-01-01T00:00Z), so both transitions are in.
        let instants = (0..<1460).map { 1_798_761_600 + Int64($0) * 21_600 }
        let expected = instants.map(Self.london.utcOffset)
        #expect(Set(expected) == [0, 3600])
        let results = await withTaskGroup(of: [Int].self) { group in
            for task in 0..<8 {
                group.addTask {
                    // Half the tasks go backwards, so they fill the cache from the other end.
                    let order = task.isMultiple(of: 2) ? Array(instants.indices) : instants.indices.reversed()
                    var offsets = [Int](repeating: -1, count: instants.count)
                    for i in order { offsets[i] = memo.utcOffset(atUTC: instants[i]) }
                    return offsets
                }
            }
            return await group.reduce(into: [[Int]]()) { $0.append($1) }
        }
        #expect(results.count == 8)
        #expect(results.allSatisfy { $0 == expected })
    }
}
