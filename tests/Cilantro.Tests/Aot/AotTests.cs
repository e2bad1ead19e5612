using Cilantro.Aot;
using Xunit;

namespace Cilantro.Tests.Aot;

/// <summary>Ahead-of-time compilation: universal modules, the cache key, precompiled assemblies.</summary>
public sealed class AotTests
{
    internal const string Wat = """
        (module
          (type $ii (func (param i32) (result i32)))
          (memory (export "mem") 1)
          (global $g (mut i32) (i32.const 7))
          (table 2 funcref)
          (elem (i32.const 0) $fib $twice)
          (func $fib (export "fib") (type $ii)
            (if (result i32) (i32.lt_u (local.get 0) (i32.const 2))
              (then (local.get 0))
              (else (i32.add (call $fib (i32.sub (local.get 0) (i32.const 1)))
                             (call $fib (i32.sub (local.get 0) (i32.const 2)))))))
          (func $twice (type $ii) (i32.mul (local.get 0) (i32.const 2)))
          (func $pair (param i32) (result i32 i32) (local.get 0) (i32.add (local.get 0) (i32.const 1)))
          (func (export "indirect") (param i32 i32) (result i32) (call_indirect (type $ii) (local.get 1) (local.get 0)))
          (func (export "store") (param i32 i32) (result i32)
            (i32.store (local.get 0) (local.get 1))
            (global.set $g (i32.add (global.get $g) (i32.load (local.get 0))))
            (global.get $g))
          (func (export "sum_pair") (param i32) (result i32) (i32.add (call $pair (local.get 0))))
          (func (export "simd") (param i32) (result i32)
            (i32x4.extract_lane 1 (i32x4.add (i32x4.splat (local.get 0)) (v128.const i32x4 1 2 3 4)))))
        """;

    internal static byte[] Bytes => Cilantro.Text.Wat.ToBinary(Wat, WasmFeatures.Default);

    internal static Engine CompilerEngine(WasmFeatures? features = null) =>
        new(new EngineOptions { Kind = EngineKind.Compiler, Features = features ?? WasmFeatures.Default });

    /// <summary>Runs every export of the test module and checks the results.</summary>
    internal static void Check(Module module)
    {
        var store = new Store(module.Engine);
        var inst = new Linker(module.Engine).Instantiate(store, module);
        Assert.Equal(6765, inst.GetFunction<int, int>("fib")(20));
        Assert.Equal(42, inst.GetFunction<int, int, int>("indirect")(1, 21));
        Assert.Equal(610, inst.GetFunction<int, int, int>("indirect")(0, 15));
        Assert.Equal(7 + 5, inst.GetFunction<int, int, int>("store")(16, 5));
        Assert.Equal(2 * 9 + 1, inst.GetFunction<int, int>("sum_pair")(9));
        Assert.Equal(12, inst.GetFunction<int, int>("simd")(10));
        var trap = Assert.Throws<TrapException>(() => inst.GetFunction<int, int, int>("indirect")(5, 1));
        Assert.Contains("undefined element", trap.Message);
    }

    [Fact]
    public void UniversalModuleRunsPrecompiledCode()
    {
        var r = AotCompiler.Compile(Bytes);
        Assert.Equal(7, r.FunctionCount);
        Assert.Equal(7, r.CompiledCount);
        Assert.Equal(0, r.InterpretedCount);
        Assert.Equal(64, r.Key.Length);
        Assert.Equal(r.Key, AotCompiler.KeyOf(Bytes, new AotOptions()));
        var module = Module.FromBytes(CompilerEngine(), r.ToUniversalWasm());
        Assert.Null(module.PrecompiledStatus.PrecompiledRejection);
        Assert.True(module.PrecompiledStatus.IsPrecompiled);
        Check(module);
    }

    [Fact]
    public void SplitFunctionsKeepTheirRegionMethodsWhenLoadedPrecompiled()
    {
        // 80,000 instructions: too big for one optimised method, so the compiler splits it into region methods, which
        // the loaded module must know about (to JIT-compile them ahead of the function, as for run-time compilation).
        var body = string.Concat(Enumerable.Repeat("(local.set 0 (i32.add (local.get 0) (i32.const 1)))", 20_000));
        var bytes = Cilantro.Text.Wat.ToBinary($"(module (func (export \"run\") (param i32) (result i32) {body} (local.get 0)))", WasmFeatures.Default);
        var module = Module.FromBytes(CompilerEngine(), AotCompiler.Compile(bytes).ToUniversalWasm());
        Assert.True(module.PrecompiledStatus.IsPrecompiled, module.PrecompiledStatus.PrecompiledRejection);
        var cm = Cilantro.Compiler.CompiledModule.Get(module.Definition, new Cilantro.Compiler.CompilerLimits());
        Assert.NotNull(cm.Precompiled);
        Assert.True(cm.RegionMethods[0] is { Length: > 1 });
        var inst = new Linker(module.Engine).Instantiate(new Store(module.Engine), module);
        Assert.Equal(20_005, inst.GetFunction<int, int>("run")(5));
    }

    /// <summary>Offset of the first byte of the code section's first body instruction area (inside the code section).</summary>
    private static int CodeSectionByte(byte[] module)
    {
        int at = 8;
        while (at < module.Length)
        {
            byte id = module[at++];
            uint size = 0;
            int shift = 0;
            byte b;
            do { b = module[at++]; size |= (uint)(b & 0x7f) << shift; shift += 7; } while ((b & 0x80) != 0);
            if (id == 10) return at + (int)size - 2; // inside the last body, before its final end
            at += (int)size;
        }
        throw new InvalidOperationException("no code section");
    }

    [Fact]
    public void ChangedModuleByteInvalidatesTheCode()
    {
        var universal = AotCompiler.Compile(Bytes).ToUniversalWasm();
        // The last body is "simd": i32x4.extract_lane 1 ... end. Change the lane index byte from 1 to 2.
        int at = CodeSectionByte(universal);
        Assert.Equal(1, universal[at]);
        universal[at] = 2;
        var module = Module.FromBytes(CompilerEngine(), universal);
        Assert.False(module.PrecompiledStatus.IsPrecompiled);
        Assert.Equal("key mismatch: module bytes changed", module.PrecompiledStatus.PrecompiledRejection);
        // Compiled at run time from the changed bytes: lane 2 of (10+1, 10+2, 10+3, 10+4).
        var inst = new Linker(module.Engine).Instantiate(new Store(module.Engine), module);
        Assert.Equal(13, inst.GetFunction<int, int>("simd")(10));
        Assert.Equal(6765, inst.GetFunction<int, int>("fib")(20));
    }

    [Fact]
    public void OtherOptionsInvalidateTheCode()
    {
        var noSimd = WasmFeatures.Default with { Simd = false };
        var plain = Cilantro.Text.Wat.ToBinary("(module (func (export \"f\") (param i32) (result i32) local.get 0 i32.const 1 i32.add))", noSimd);
        var r = AotCompiler.Compile(plain, new AotOptions { Features = noSimd });
        Assert.NotEqual(r.Key, AotCompiler.KeyOf(plain, new AotOptions()));
        Assert.NotEqual(r.Key, AotCompiler.KeyOf(plain, new AotOptions { Features = noSimd, OptimizationLevel = 0 }));
        var u = r.ToUniversalWasm();

        var other = Module.FromBytes(CompilerEngine(), u);
        Assert.False(other.PrecompiledStatus.IsPrecompiled);
        Assert.StartsWith("compiled with other options", other.PrecompiledStatus.PrecompiledRejection);
        var inst = new Linker(other.Engine).Instantiate(new Store(other.Engine), other);
        Assert.Equal(8, inst.GetFunction<int, int>("f")(7));

        var level3 = Module.FromBytes(CompilerEngine(noSimd), AotCompiler.Compile(plain, new AotOptions { Features = noSimd, OptimizationLevel = 3 }).ToUniversalWasm());
        Assert.True(level3.PrecompiledStatus.IsPrecompiled);

        var same = Module.FromBytes(CompilerEngine(noSimd), u);
        Assert.True(same.PrecompiledStatus.IsPrecompiled);
        inst = new Linker(same.Engine).Instantiate(new Store(same.Engine), same);
        Assert.Equal(8, inst.GetFunction<int, int>("f")(7));
    }

    [Fact]
    public void CorruptImageFallsBack()
    {
        var r = AotCompiler.Compile(Bytes);
        var universal = r.ToUniversalWasm();
        // Flip bytes all over the embedded image: the checksum catches every one, the module still runs.
        int imageStart = universal.Length - r.Assembly.Length;
        for (int k = 0; k < 8; k++)
        {
            var copy = (byte[])universal.Clone();
            copy[imageStart + (r.Assembly.Length * k / 8) + 3] ^= 0x5a;
            var module = Module.FromBytes(CompilerEngine(), copy);
            Assert.False(module.PrecompiledStatus.IsPrecompiled);
            Assert.Contains("corrupt", module.PrecompiledStatus.PrecompiledRejection);
            Check(module);
        }
        // A section with a valid checksum over garbage: refused as an image, never run.
        var garbage = r.WithAssembly([1, 2, 3, 4, 5]).ToUniversalWasm();
        var g = Module.FromBytes(CompilerEngine(), garbage);
        Assert.False(g.PrecompiledStatus.IsPrecompiled);
        Assert.Contains("not a loadable .NET assembly", g.PrecompiledStatus.PrecompiledRejection);
        Check(g);
        // A truncated section (payload shorter than its fixed header).
        var truncated = new byte[Bytes.Length + 16];
        Bytes.CopyTo(truncated, 0);
        truncated[Bytes.Length] = 0;
        truncated[Bytes.Length + 1] = 14;
        truncated[Bytes.Length + 2] = 12;
        "cilantro.aot"u8.CopyTo(truncated.AsSpan(Bytes.Length + 3));
        truncated[Bytes.Length + 15] = 1;
        var t = Module.FromBytes(CompilerEngine(), truncated);
        Assert.False(t.PrecompiledStatus.IsPrecompiled);
        Assert.Contains("malformed", t.PrecompiledStatus.PrecompiledRejection);
        Check(t);
    }

    [Fact]
    public void MutatedSectionsNeverEscape()
    {
        // Random changes to the section's header and payload: the module loads (precompiled or not) or is reported
        // malformed; nothing else escapes, and a module that loads precompiled still computes the right results.
        var r = AotCompiler.Compile(Bytes);
        var universal = r.ToUniversalWasm();
        int sectionStart = Bytes.Length;
        var rng = new Random(1234);
        int precompiled = 0, fellBack = 0, malformed = 0;
        for (int k = 0; k < 300; k++)
        {
            var copy = (byte[])universal.Clone();
            int span = Math.Min(copy.Length - sectionStart, 120);
            for (int j = 0, n = 1 + rng.Next(3); j < n; j++) copy[sectionStart + rng.Next(span)] = (byte)rng.Next(256);
            Module module;
            try
            {
                module = Module.FromBytes(CompilerEngine(), copy);
            }
            catch (MalformedModuleException)
            {
                malformed++;
                continue;
            }
            if (module.PrecompiledStatus.IsPrecompiled) precompiled++; else fellBack++;
            Check(module);
        }
        Assert.Equal(300, precompiled + fellBack + malformed);
        Assert.True(fellBack > 0);
    }

    [Fact]
    public void OtherEnginesIgnoreTheSection()
    {
        var universal = AotCompiler.Compile(Bytes).ToUniversalWasm();
        var module = Module.FromBytes(new Engine(), universal);
        Assert.False(module.PrecompiledStatus.IsPrecompiled);
        Assert.Null(module.PrecompiledStatus.PrecompiledRejection);
        Check(module);
    }

    [Fact]
    public void EagerCompilationPreparesPrecompiledCode()
    {
        var engine = new Engine(new EngineOptions { Kind = EngineKind.Compiler, EagerCompilation = true });
        var module = Module.FromBytes(engine, AotCompiler.Compile(Bytes).ToUniversalWasm());
        Assert.True(module.PrecompiledStatus.IsPrecompiled);
        Check(module);
    }

    [Fact]
    public void PrecompiledCodeCanBeTurnedOff()
    {
        var universal = AotCompiler.Compile(Bytes).ToUniversalWasm();
        var engine = new Engine(new EngineOptions { Kind = EngineKind.Compiler, UsePrecompiledCode = false });
        var module = Module.FromBytes(engine, universal);
        Assert.False(module.PrecompiledStatus.IsPrecompiled);
        Assert.Contains("turned off", module.PrecompiledStatus.PrecompiledRejection);
        Check(module);
    }

    [Fact]
    public void InvalidModuleWithAForgedSectionIsRejected()
    {
        // Bytes that do not validate, with a section keyed for them: the key matches, but the image is not code for
        // them, so it is refused and the module is validated (and found invalid) as usual.
        var invalid = Cilantro.Text.Wat.ToBinary("(module (func (result i32) i64.const 1))", WasmFeatures.Default);
        var r = AotCompiler.Compile(Bytes);
        var forged = new AotResult(invalid, r.Assembly, AotCompiler.KeyOf(invalid, new AotOptions()), new AotOptions(), 1, 1, default, null)
            .ToUniversalWasm();
        Assert.Throws<InvalidModuleException>(() => Module.FromBytes(CompilerEngine(), forged));
    }

    [Fact]
    public void CompilingAUniversalModuleGivesTheSameKey()
    {
        var r = AotCompiler.Compile(Bytes);
        var again = AotCompiler.Compile(r.ToUniversalWasm());
        Assert.Equal(r.Key, again.Key);
        // Also with a second, malformed cilantro.aot section: every such section is dropped.
        var twice = r.ToUniversalWasm().Concat(new byte[] { 0, 14, 12 }).Concat("cilantro.aot"u8.ToArray()).Concat(new byte[] { 9 }).ToArray();
        Assert.Contains("more than one", Module.FromBytes(CompilerEngine(), twice).PrecompiledStatus.PrecompiledRejection);
        Assert.Equal(r.Key, AotCompiler.Compile(twice).Key);
        Assert.Equal(r.ToUniversalWasm().Length - r.Assembly.Length, again.ToUniversalWasm().Length - again.Assembly.Length);
    }

    [Fact]
    public void PrecompiledAssemblyLoads()
    {
        var r = AotCompiler.Compile(Bytes);
        string dir = Directory.CreateTempSubdirectory("cilantro-aot").FullName;
        try
        {
            string path = Path.Combine(dir, "test.dll");
            File.WriteAllBytes(path, r.Assembly);
            var fromFile = Module.FromPrecompiledFile(CompilerEngine(), path);
            Assert.True(fromFile.PrecompiledStatus.IsPrecompiled);
            Check(fromFile);

            var asm = System.Runtime.Loader.AssemblyLoadContext.Default.LoadFromStream(new MemoryStream(r.Assembly));
            var fromAssembly = Module.FromPrecompiled(CompilerEngine(), asm);
            Check(fromAssembly);
            var code = (PrecompiledCode)Activator.CreateInstance(asm.GetType("Cilantro.Precompiled.WasmModule")!)!;
            Assert.Equal(r.Key, code.Key);
            Assert.True(code.Wasm.SequenceEqual(Bytes));
            Check(Module.FromPrecompiled(CompilerEngine(), code));
            // The reflection-free binding (GetCode, as in NativeAOT apps) on its own.
            var engine = CompilerEngine();
            var def = PrecompiledLoader.Bind(engine, code, viaReflection: false, out string key);
            Assert.Equal(r.Key, key);
            Check(Module.FromDefinition(engine, def));

            var e = Assert.Throws<PrecompiledCodeException>(() => Module.FromPrecompiled(CompilerEngine(WasmFeatures.Default with { Simd = false }), code));
            Assert.StartsWith("compiled with other options", e.Message);
            e = Assert.Throws<PrecompiledCodeException>(() => Module.FromPrecompiled(new Engine(), code));
            Assert.Contains("compiler engine", e.Message);
            File.WriteAllBytes(path, [0x4d, 0x5a, 1, 2, 3]);
            Assert.Throws<PrecompiledCodeException>(() => Module.FromPrecompiledFile(CompilerEngine(), path));
            Assert.Throws<PrecompiledCodeException>(() => Module.FromPrecompiled(CompilerEngine(), typeof(AotTests).Assembly));
        }
        finally
        {
            Directory.Delete(dir, recursive: true);
        }
    }

    [Fact]
    public void IlDumpAndProgress()
    {
        var reports = new List<AotProgress>();
        var r = AotCompiler.Compile(Bytes, new AotOptions { DumpIl = true }, new SyncProgress(reports.Add));
        Assert.NotNull(r.Il);
        Assert.Contains(".method f1", r.Il);
        Assert.Contains("ret", r.Il);
        Assert.Contains(reports, p => p.Stage == "compile" && p.Done == p.Total && p.Total == 7);
        Assert.Null(AotCompiler.Compile(Bytes).Il);
    }

    /// <summary>Reports progress on the calling thread (Progress&lt;T&gt; posts to the thread pool).</summary>
    private sealed class SyncProgress(Action<AotProgress> report) : IProgress<AotProgress>
    {
        public void Report(AotProgress value) => report(value);
    }

    [Fact]
    public void BadInputThrowsTheDocumentedExceptions()
    {
        Assert.Throws<MalformedModuleException>(() => AotCompiler.Compile(new byte[] { 0, 0x61, 0x73 }));
        Assert.Throws<InvalidModuleException>(() => AotCompiler.Compile(
            Cilantro.Text.Wat.ToBinary("(module (func (result i32) i64.const 1))", WasmFeatures.Default)));
    }
}
