using BenchmarkDotNet.Attributes;
using BenchmarkDotNet.Configs;
using BenchmarkDotNet.Diagnosers;
using Cilantro.Binary;
using Cilantro.Model;
using Cilantro.Validation;

namespace Cilantro.Benchmarks;

/// <summary>
/// Decoder and validator throughput on real modules. File MB/s counts the whole module; Code MB/s only its code
/// section (gcc-loops, the largest module, is 92% DWARF custom sections, which the decoder merely slices).
/// </summary>
[Config(typeof(Config))]
public class DecodeBenchmarks
{
    private sealed class Config : ManualConfig
    {
        public Config()
        {
            AddColumn(new ThroughputColumn(codeOnly: false), new ThroughputColumn(codeOnly: true));
            AddDiagnoser(MemoryDiagnoser.Default);
        }
    }

    private byte[] _bytes = [];
    private ModuleDefinition? _decoded;

    /// <summary>The module: a sightglass benchmark folder name.</summary>
    [ParamsSource(nameof(Modules))]
    public string Module { get; set; } = "";

    /// <summary>Candidate modules.</summary>
    public static IEnumerable<string> Modules() => Corpus.Selected();

    /// <summary>Loads the module.</summary>
    [GlobalSetup]
    public void Setup()
    {
        _bytes = File.ReadAllBytes(Corpus.PathOf(Module));
        _decoded = ModuleDecoder.Decode(_bytes);
    }

    /// <summary>Decoding only.</summary>
    [Benchmark]
    public ModuleDefinition Decode() => ModuleDecoder.Decode(_bytes);

    /// <summary>Decoding and validation.</summary>
    [Benchmark(Baseline = true)]
    public ModuleDefinition DecodeAndValidate()
    {
        var m = ModuleDecoder.Decode(_bytes);
        ModuleValidator.Validate(m);
        return m;
    }

    /// <summary>Validation of an already decoded module.</summary>
    [Benchmark]
    public void ValidateOnly() => ModuleValidator.Validate(_decoded!);
}
