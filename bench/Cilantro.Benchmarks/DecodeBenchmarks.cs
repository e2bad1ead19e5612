using BenchmarkDotNet.Attributes;
using Cilantro.Binary;
using Cilantro.Model;
using Cilantro.Validation;

namespace Cilantro.Benchmarks;

/// <summary>
/// Decoder and validator throughput on real modules. File MB/s counts the whole module; Code MB/s only its code
/// section (gcc-loops, the largest module, is 92% DWARF custom sections, which the decoder merely slices).
/// </summary>
public class DecodeBenchmarks : ModuleThroughputBenchmarks
{
    private ModuleDefinition? _decoded;

    /// <summary>Loads the module.</summary>
    [GlobalSetup]
    public void Setup()
    {
        LoadModule();
        _decoded = ModuleDecoder.Decode(Bytes);
    }

    /// <summary>Decoding only.</summary>
    [Benchmark]
    public ModuleDefinition Decode() => ModuleDecoder.Decode(Bytes);

    /// <summary>Decoding and validation.</summary>
    [Benchmark(Baseline = true)]
    public ModuleDefinition DecodeAndValidate()
    {
        var m = ModuleDecoder.Decode(Bytes);
        ModuleValidator.Validate(m);
        return m;
    }

    /// <summary>Validation of an already decoded module.</summary>
    [Benchmark]
    public void ValidateOnly() => ModuleValidator.Validate(_decoded!);
}
