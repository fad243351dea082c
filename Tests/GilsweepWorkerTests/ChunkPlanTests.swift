@testable import GilsweepWorker
import Testing

@Suite("Chunk plan")
struct ChunkPlanTests {
    @Test func theFirstRemainderChunksMakeOneCallMore() {
        #expect(ChunkPlan(calls: 10, chunks: 4).sizes == [3, 3, 2, 2])
        #expect(ChunkPlan(calls: 12, chunks: 4).sizes == [3, 3, 3, 3])
        #expect(ChunkPlan(calls: 7, chunks: 1).sizes == [7])
    }

    @Test func neverMoreChunksThanCalls() {
        let plan = ChunkPlan(calls: 3, chunks: 32)
        #expect(plan.count == 3)
        #expect(plan.sizes == [1, 1, 1])
        #expect(ChunkPlan(calls: 1, chunks: 65_536).sizes == [1])
    }

    @Test(arguments: [(1, 1), (5, 3), (1000, 32), (31, 32), (33, 32), (1_000_003, 7)])
    func everyCallIsInExactlyOneChunk(calls: Int, chunks: Int) {
        let sizes = ChunkPlan(calls: calls, chunks: chunks).sizes
        #expect(sizes.count == min(calls, chunks))
        #expect(sizes.reduce(0, +) == calls)
        #expect(sizes.max()! - sizes.min()! <= 1)
        #expect(sizes == sizes.sorted(by: >))
    }
}
