using System.Reflection;
using System.Reflection.Emit;
using Xunit;

namespace Cilantro.Tests.Interpreter;

/// <summary>
/// RyuJIT compiles a method with more than 20,000 IL instructions (or 8,000 local references, 2,000 basic blocks) with
/// MinOpts, which makes the interpreter several times slower without any error. The dispatch loop must stay under those
/// limits: a new fused form has to fit the budget.
/// </summary>
public class LoopBudgetTests
{
    [Fact]
    public void DispatchLoopStaysUnderTheJitsMinOptsLimits()
    {
        var type = typeof(Engine).Assembly.GetType("Cilantro.Interpreter.InterpreterMachine")!;
        var il = type.GetMethod("Loop", BindingFlags.NonPublic | BindingFlags.Static)!.GetMethodBody()!.GetILAsByteArray()!;
        var one = new OpCode[256];
        var two = new OpCode[256];
        foreach (var f in typeof(OpCodes).GetFields(BindingFlags.Public | BindingFlags.Static))
        {
            var oc = (OpCode)f.GetValue(null)!;
            if (oc.Size == 1) one[oc.Value & 0xff] = oc; else two[oc.Value & 0xff] = oc;
        }
        int pos = 0, instructions = 0, localRefs = 0;
        while (pos < il.Length)
        {
            var oc = il[pos] == 0xFE ? two[il[++pos]] : one[il[pos]];
            pos++;
            instructions++;
            if (oc.Name!.StartsWith("ldloc") || oc.Name.StartsWith("stloc") || oc.Name.StartsWith("ldarg") || oc.Name.StartsWith("starg")) localRefs++;
            pos += oc.OperandType switch
            {
                OperandType.InlineNone => 0,
                OperandType.ShortInlineBrTarget or OperandType.ShortInlineI or OperandType.ShortInlineVar => 1,
                OperandType.InlineVar => 2,
                OperandType.InlineI8 or OperandType.InlineR => 8,
                OperandType.InlineSwitch => 4 + 4 * BitConverter.ToInt32(il, pos),
                _ => 4,
            };
        }
        Assert.True(instructions < 20000, $"Loop has {instructions} IL instructions (RyuJIT's MinOpts limit is 20000)");
        Assert.True(localRefs < 8000, $"Loop has {localRefs} local references (RyuJIT's MinOpts limit is 8000)");
    }
}
