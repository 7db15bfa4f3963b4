using System.IO.Compression;
using System.Security.Cryptography;
using Tdmp.Generation.Writers;

namespace Tdmp.Generation.Engine;

/// <summary>
/// Runs a plan: makes records in fixed-size chunks on several cores and appends each chunk's bytes
/// to the files in chunk order, so the files are byte-identical whatever the core count.
/// </summary>
public static class DatasetGenerator
{
    /// <summary>Records per chunk: fixed, because chunk boundaries are gzip member boundaries and must not depend on the core count.</summary>
    public const int ChunkSize = 512;

    /// <summary>Bytes made but not yet written that workers may run ahead with; past it only the next chunk in order is made.</summary>
    private const long MaxPendingBytes = 256L << 20;

    public static GenerationResult Generate(GenerationPlan plan, GenerationOptions options, IOutputSink sink, IProgress<long>? progress,
        CancellationToken ct)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(options.RecordCount);
        CheckUniqueDomains(plan, options.RecordCount);
        var files = new List<GeneratedFile>();
        var formats = options.Types.Distinct().ToList();
        var reporter = new ProgressReporter(progress, formats.Count);
        for (var f = 0; f < formats.Count; f++)
        {
            reporter.Pass = f;
            new FormatRun(plan, options, formats[f], sink, reporter, ct).Run(files);
        }
        progress?.Report(options.RecordCount);
        return new GenerationResult(files, options.RecordCount, GenerationPlan.EngineVersion);
    }

    /// <summary>
    /// What only the record count can tell, refused before any file is opened: a unique field whose
    /// domain is smaller than the count, a sequence that runs past the field's bounds.
    /// </summary>
    private static void CheckUniqueDomains(GenerationPlan plan, long recordCount)
    {
        foreach (var node in plan.Nodes)
        {
            var b = node.Behavior;
            if (b.Generator is Values.SequenceValueGenerator seq && recordCount > 0 && node.Source is { } s)
            {
                var first = seq.ValueAt(0);
                var last = seq.ValueAt(recordCount - 1);
                var (lo, hi) = (Math.Min(first, last), Math.Max(first, last));
                if (s.Minimum is { } min && (lo < min || s.ExclusiveMinimum && lo == min)
                    || s.Maximum is { } max && (hi > max || s.ExclusiveMaximum && hi == max))
                    throw new UnsatisfiableSchemaException(node.Path, $"sequence runs from {first} to {last}, outside the field's bounds");
            }
            // A small domain counted per instance of its XSD unique's scope holds there, whatever the record count.
            if (!b.Unique || b.UniqueByName || b.Generator is null || node.UniqueCountedIn is not null) continue;
            var needed = (UInt128)(ulong)recordCount;
            if (b.Generator.UniqueDomain == 0 && recordCount > 0)
                throw new UnsatisfiableSchemaException(node.Path,
                    "unique cannot be combined with a template or reference: their values come from other fields");
            if (b.Generator.UniqueDomain < needed)
                throw new UnsatisfiableSchemaException(node.Path,
                    $"unique values: only {b.Generator.UniqueDomain} distinct values for {recordCount} records");
        }
    }

    internal sealed class ProgressReporter(IProgress<long>? progress, int passes)
    {
        private long _lastTicks;
        public int Pass { get; set; }

        public void Report(long doneInPass, long total)
        {
            if (progress is null) return;
            var now = Environment.TickCount64;
            if (now - Interlocked.Read(ref _lastTicks) < 50) return;
            Interlocked.Exchange(ref _lastTicks, now);
            progress.Report((Pass * total + doneInPass) / passes);
        }
    }

    /// <summary>One output format of one run: its file layout, its workers and its open files.</summary>
    private sealed class FormatRun
    {
        private readonly GenerationPlan _plan;
        private readonly GenerationOptions _options;
        private readonly OutputFormat _format;
        private readonly IOutputSink _sink;
        private readonly ProgressReporter _reporter;
        private readonly CancellationToken _ct;
        private readonly long _perFile;
        private readonly int _fileCount;
        private readonly long _chunksPerFile;
        private readonly long _totalChunks;
        private readonly object _gate = new();
        private readonly int _window;
        private readonly ChunkOutput?[] _ready;
        private readonly Stack<ChunkOutput> _pool = new();
        private bool _writing;
        private long _pendingBytes;
        private long _nextChunk;
        private long _nextToWrite;
        private long _written;
        private Exception? _failure;
        private OpenFile[]? _open;
        private List<GeneratedFile> _files = [];

        public FormatRun(GenerationPlan plan, GenerationOptions options, OutputFormat format, IOutputSink sink, ProgressReporter reporter,
            CancellationToken ct)
        {
            _plan = plan;
            _options = options;
            _format = format;
            _sink = sink;
            _reporter = reporter;
            _ct = ct;
            var n = options.RecordCount;
            _perFile = options.RecordsPerFile is { } r && r > 0 ? r : Math.Max(1, n);
            // A document-rooted XSD has one root element per document: each record is its own XML file.
            if (format == OutputFormat.Xml && plan.Language == Schema.SchemaLanguage.Xsd && plan.Envelope is null) _perFile = 1;
            // Records repeat inside the root as often as the schema lets them (maxOccurs="3"): more go to further files.
            if (format == OutputFormat.Xml && plan.RecordArray?.Source is { Unbounded: false, MaxOccurs: int most } && most > 0)
                _perFile = Math.Min(_perFile, most);
            _fileCount = n == 0 ? 1 : (int)((n + _perFile - 1) / _perFile);
            _chunksPerFile = (_perFile + ChunkSize - 1) / ChunkSize;
            _totalChunks = (_fileCount - 1) * _chunksPerFile + Math.Max(1, (RecordsIn(_fileCount - 1) + ChunkSize - 1) / ChunkSize);
            // A resumed run starts at the first file not yet complete: its files are the same bytes the first run would have written.
            var resume = Math.Clamp(options.ResumeFromFile, 0, _fileCount);
            _nextChunk = _nextToWrite = Math.Min(_totalChunks, resume * _chunksPerFile);
            _window = 4 * Math.Max(1, options.MaxDegreeOfParallelism);
            _ready = new ChunkOutput?[_window];
        }

        private long RecordsIn(int file) => Math.Max(0, Math.Min(_perFile, _options.RecordCount - file * _perFile));

        public void Run(List<GeneratedFile> files)
        {
            _files = files;
            var workers = (int)Math.Max(1, Math.Min(Math.Max(1, _options.MaxDegreeOfParallelism), _totalChunks));
            if (workers == 1) Work();
            else
            {
                var threads = new Thread[workers];
                for (var i = 0; i < workers; i++)
                {
                    threads[i] = new Thread(Work) { IsBackground = true, Name = $"tdmp-gen-{i}" };
                    threads[i].Start();
                }
                foreach (var t in threads) t.Join();
            }
            if (_failure is not null)
            {
                CloseAll();
                if (_failure is OperationCanceledException oce) throw new OperationCanceledException(oce.Message, oce, _ct);
                System.Runtime.ExceptionServices.ExceptionDispatchInfo.Capture(_failure).Throw();
            }
        }

        private void Work()
        {
            try
            {
                var engine = new RecordEngine(_plan, _options.Seed, string.Equals(_options.Locale, "de", StringComparison.OrdinalIgnoreCase))
                {
                    Cancellation = _ct,
                };
                engine.Scope.RecordCount = _options.RecordCount;
                engine.Buffer.MaxSize = _options.MaxRecordBytes;
                var limitBytes = _options.MaxRecordBytes < int.MaxValue;
                var writer = OutputFormats.Of(_format).CreateWriter(_plan, _options);
                var gzip = _options.Compression == OutputCompression.Gzip;
                FileEnvelope? envelope = null;
                while (true)
                {
                    var chunk = Interlocked.Increment(ref _nextChunk) - 1;
                    if (chunk >= _totalChunks || Volatile.Read(ref _failure) is not null) return;
                    _ct.ThrowIfCancellationRequested();
                    ChunkOutput output;
                    lock (_gate)
                    {
                        // Back-pressure: a worker runs at most a window of chunks ahead of the writer, so memory stays flat.
                        // Also by bytes: chunks of large records (512 of up to max_record_bytes each) must not pile up.
                        while (chunk - _nextToWrite >= _window || chunk != _nextToWrite && _pendingBytes > MaxPendingBytes)
                        {
                            if (_failure is not null) return;
                            Monitor.Wait(_gate, 100);
                            _ct.ThrowIfCancellationRequested();
                        }
                        output = _pool.Count > 0 ? _pool.Pop() : new ChunkOutput(writer.Parts.Count, gzip);
                    }

                    var file = (int)(chunk / _chunksPerFile);
                    var inFile = chunk % _chunksPerFile;
                    var fileFirst = file * _perFile;
                    var start = fileFirst + inFile * ChunkSize;
                    output.File = file;
                    output.Count = (int)Math.Min(ChunkSize, fileFirst + RecordsIn(file) - start);
                    output.First = inFile == 0;
                    output.Last = start + output.Count >= fileFirst + RecordsIn(file);

                    if (envelope?.FileIndex != file) envelope = engine.MakeEnvelope(file, fileFirst, RecordsIn(file));
                    var parts = output.Parts;
                    foreach (var p in parts) p.Clear();
                    writer.BeginChunk();
                    if (output.First) writer.BeginFile(envelope, parts);
                    for (var i = start; i < start + output.Count; i++)
                    {
                        _ct.ThrowIfCancellationRequested();
                        engine.MakeRecord(i, envelope, fileFirst);
                        var before = limitBytes ? Written(parts) : 0;
                        writer.WriteRecord(engine.Buffer, i, i - fileFirst, parts);
                        if (limitBytes && Written(parts) - before > _options.MaxRecordBytes)
                            throw new RecordTooLargeException(_options.MaxRecordBytes);
                    }
                    writer.EndChunk(parts);
                    if (output.Last) writer.EndFile(envelope, parts);
                    writer.RowCounts.CopyTo(output.Rows, 0);
                    if (output.Compressed is not null) Compress(parts, output.Compressed);

                    var bytes = Written(output.Parts);
                    output.Bytes = bytes;
                    lock (_gate)
                    {
                        _pendingBytes += bytes;
                        _ready[chunk % _window] = output;
                        // Whoever finds the writer idle writes every chunk that is next in order; the others go on generating.
                        if (_writing) continue;
                        _writing = true;
                    }
                    DrainInOrder();
                }
            }
            catch (Exception e)
            {
                lock (_gate)
                {
                    _failure ??= e;
                    Monitor.PulseAll(_gate);
                }
            }
        }

        private static long Written(Utf8Output[] parts)
        {
            var total = 0L;
            foreach (var p in parts) total += p.Length;
            return total;
        }

        private void DrainInOrder()
        {
            while (true)
            {
                ChunkOutput? next;
                lock (_gate)
                {
                    next = _nextToWrite < _totalChunks ? _ready[_nextToWrite % _window] : null;
                    if (next is null || _failure is not null)
                    {
                        _writing = false;
                        return;
                    }
                    _ready[_nextToWrite % _window] = null;
                }
                Append(next.File, next.First, next.Last, next.Parts, next.Compressed, next.Rows);
                lock (_gate)
                {
                    _pendingBytes -= next.Bytes;
                    _nextToWrite++;
                    _pool.Push(next);
                    Monitor.PulseAll(_gate);
                }
                var done = Interlocked.Add(ref _written, next.Count);
                _reporter.Report(done, _options.RecordCount);
            }
        }

        private static void Compress(Utf8Output[] parts, MemoryStream[] compressed)
        {
            // Each chunk is its own gzip member: workers compress in parallel, and concatenated
            // members are one valid gzip file (RFC 1952).
            for (var i = 0; i < parts.Length; i++)
            {
                var ms = compressed[i] ??= new MemoryStream();
                ms.SetLength(0);
                if (parts[i].Length == 0) continue;
                using (var gz = new GZipStream(ms, CompressionLevel.Fastest, leaveOpen: true)) gz.Write(parts[i].Span);
            }
        }

        private void Append(int file, bool first, bool last, Utf8Output[] parts, MemoryStream[]? compressed, long[] rows)
        {
            if (first)
            {
                _open = new OpenFile[parts.Length];
                var writerParts = CreateWriterParts(parts.Length);
                for (var i = 0; i < parts.Length; i++)
                {
                    var name = FileName(file, writerParts[i]);
                    var info = new OutputFileInfo(_format, file, writerParts[i], name);
                    _open[i] = new OpenFile(info, _sink.Open(info));
                }
            }
            for (var i = 0; i < parts.Length; i++)
            {
                var bytes = compressed is null ? parts[i].Span : compressed[i].GetBuffer().AsSpan(0, (int)compressed[i].Length);
                _open![i].Write(bytes, rows[i]);
            }
            if (last)
            {
                foreach (var f in _open!) _files.Add(f.Close());
                _open = null;
            }
        }

        private IReadOnlyList<string> _partNames = [];
        private IReadOnlyList<string> CreateWriterParts(int count)
        {
            if (_partNames.Count != count) _partNames = OutputFormats.Of(_format).CreateWriter(_plan, _options).Parts;
            return _partNames;
        }

        private string FileName(int file, string part)
        {
            var baseName = RecordTableLayout.SafeName(_options.TableName ?? _plan.RecordName);
            var name = part.Length == 0 ? baseName : part;
            var ext = OutputFormats.Of(_format).Extension + (_options.Compression == OutputCompression.Gzip ? ".gz" : "");
            return _fileCount == 1 && _options.RecordsPerFile is null ? $"{name}.{ext}" : $"{name}-{file:D5}.{ext}";
        }

        private void CloseAll()
        {
            if (_open is null) return;
            foreach (var f in _open) f.Dispose();
            _open = null;
        }
    }

    /// <summary>The bytes one chunk adds to each part of its file, waiting to be written in order.</summary>
    private sealed class ChunkOutput
    {
        public ChunkOutput(int parts, bool gzip)
        {
            Parts = new Utf8Output[parts];
            for (var i = 0; i < parts; i++) Parts[i] = new Utf8Output();
            Compressed = gzip ? new MemoryStream[parts] : null;
            Rows = new long[parts];
        }

        public Utf8Output[] Parts { get; }
        public MemoryStream[]? Compressed { get; }
        public long[] Rows { get; }
        public int File { get; set; }
        public int Count { get; set; }
        public long Bytes { get; set; }
        public bool First { get; set; }
        public bool Last { get; set; }
    }

    /// <summary>A file being written: counts and hashes exactly the bytes handed to the sink.</summary>
    private sealed class OpenFile(OutputFileInfo info, Stream stream) : IDisposable
    {
        private readonly IncrementalHash _hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        private long _size, _records;

        public void Write(ReadOnlySpan<byte> bytes, long rows)
        {
            stream.Write(bytes);
            _hash.AppendData(bytes);
            _size += bytes.Length;
            _records += rows;
        }

        public GeneratedFile Close()
        {
            stream.Flush();
            stream.Dispose();
            var sha = Convert.ToHexStringLower(_hash.GetHashAndReset());
            _hash.Dispose();
            return new GeneratedFile(info.Format, info.FileIndex, info.Part, info.SuggestedName, _records, _size, sha);
        }

        public void Dispose()
        {
            stream.Dispose();
            _hash.Dispose();
        }
    }
}
