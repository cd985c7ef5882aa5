namespace RepTuning.Tokenization;

/// <summary>
/// Applies ranked merges to a word's symbols: a doubly linked list of symbols plus a priority queue
/// of candidate pairs ordered by (rank, position), so the lowest-ranked pair merges first and equal
/// pairs merge left to right. Stale queue entries are recognised and skipped when popped.
/// </summary>
internal static class BpeWordMerger
{
    public static BpePiece[] Merge(List<BpePiece> symbols, Dictionary<long, (int Rank, int Result)> merges)
    {
        var n = symbols.Count;
        if (n < 2)
        {
            return [.. symbols];
        }
        var ids = new int[n];
        var first = new int[n];
        var end = new int[n];
        var prev = new int[n];
        var next = new int[n];
        for (var i = 0; i < n; i++)
        {
            (ids[i], first[i], end[i]) = (symbols[i].Id, symbols[i].FirstUnit, symbols[i].EndUnit);
            prev[i] = i - 1;
            next[i] = i + 1 < n ? i + 1 : -1;
        }

        var queue = new PriorityQueue<(int Left, int Right), long>();
        void Enqueue(int left)
        {
            var right = next[left];
            if (left >= 0 && right >= 0 && merges.TryGetValue(BpeModel.PairKey(ids[left], ids[right]), out var m))
            {
                queue.Enqueue((left, right), ((long)m.Rank << 32) | (uint)left);
            }
        }
        for (var i = 0; i + 1 < n; i++)
        {
            Enqueue(i);
        }

        while (queue.TryDequeue(out var pair, out var priority))
        {
            var (left, right) = pair;
            if (ids[left] < 0 || ids[right] < 0 || next[left] != right
                || !merges.TryGetValue(BpeModel.PairKey(ids[left], ids[right]), out var m) || m.Rank != (int)(priority >> 32))
            {
                continue;
            }
            ids[left] = m.Result;
            end[left] = end[right];
            ids[right] = -1;
            next[left] = next[right];
            if (next[left] >= 0)
            {
                prev[next[left]] = left;
            }
            if (prev[left] >= 0)
            {
                Enqueue(prev[left]);
            }
            Enqueue(left);
        }

        var result = new List<BpePiece>();
        for (var i = 0; i >= 0; i = next[i])
        {
            result.Add(new BpePiece(ids[i], first[i], end[i]));
        }
        return [.. result];
    }
}
