using System.Globalization;
using System.Reflection;
using System.Reflection.Emit;
using System.Text;

namespace Cilantro.Aot;

/// <summary>An IL generator that forwards to another and writes every instruction as text (for <see cref="AotOptions.DumpIl"/>).</summary>
internal sealed class RecordingILGenerator(ILGenerator inner, StringBuilder text) : ILGenerator
{
    private void Line(OpCode op, string? arg = null)
    {
        text.Append("  IL_").Append(inner.ILOffset.ToString("x4", CultureInfo.InvariantCulture)).Append(": ").Append(op.Name);
        if (arg is not null) text.Append(' ').Append(arg);
        text.Append('\n');
    }

    private static string Name(MemberInfo m) => (m.DeclaringType?.Name is { } t ? t + "::" : "") + m.Name;
    private static string Lbl(Label l) => "L" + l.GetHashCode().ToString(CultureInfo.InvariantCulture);

    public override int ILOffset => inner.ILOffset;
    public override void BeginCatchBlock(Type? exceptionType) { text.Append("  .catch\n"); inner.BeginCatchBlock(exceptionType); }
    public override void BeginExceptFilterBlock() { text.Append("  .filter\n"); inner.BeginExceptFilterBlock(); }
    public override Label BeginExceptionBlock() { text.Append("  .try\n"); return inner.BeginExceptionBlock(); }
    public override void BeginFaultBlock() { text.Append("  .fault\n"); inner.BeginFaultBlock(); }
    public override void BeginFinallyBlock() { text.Append("  .finally\n"); inner.BeginFinallyBlock(); }
    public override void BeginScope() => inner.BeginScope();
    public override LocalBuilder DeclareLocal(Type localType, bool pinned)
    {
        var l = inner.DeclareLocal(localType, pinned);
        text.Append("  .local ").Append(l.LocalIndex.ToString(CultureInfo.InvariantCulture)).Append(' ').Append(localType.Name).Append('\n');
        return l;
    }
    public override Label DefineLabel() => inner.DefineLabel();
    public override void Emit(OpCode opcode) { Line(opcode); inner.Emit(opcode); }
    public override void Emit(OpCode opcode, byte arg) { Line(opcode, arg.ToString(CultureInfo.InvariantCulture)); inner.Emit(opcode, arg); }
    public override void Emit(OpCode opcode, double arg) { Line(opcode, arg.ToString("R", CultureInfo.InvariantCulture)); inner.Emit(opcode, arg); }
    public override void Emit(OpCode opcode, short arg) { Line(opcode, arg.ToString(CultureInfo.InvariantCulture)); inner.Emit(opcode, arg); }
    public override void Emit(OpCode opcode, int arg) { Line(opcode, arg.ToString(CultureInfo.InvariantCulture)); inner.Emit(opcode, arg); }
    public override void Emit(OpCode opcode, long arg) { Line(opcode, arg.ToString(CultureInfo.InvariantCulture)); inner.Emit(opcode, arg); }
    public override void Emit(OpCode opcode, ConstructorInfo con) { Line(opcode, Name(con)); inner.Emit(opcode, con); }
    public override void Emit(OpCode opcode, Label label) { Line(opcode, Lbl(label)); inner.Emit(opcode, label); }
    public override void Emit(OpCode opcode, Label[] labels)
    {
        var sb = new StringBuilder("(");
        for (int i = 0; i < labels.Length; i++) sb.Append(i == 0 ? "" : ", ").Append(Lbl(labels[i]));
        Line(opcode, sb.Append(')').ToString());
        inner.Emit(opcode, labels);
    }
    public override void Emit(OpCode opcode, LocalBuilder local) { Line(opcode, "V_" + local.LocalIndex.ToString(CultureInfo.InvariantCulture)); inner.Emit(opcode, local); }
    public override void Emit(OpCode opcode, SignatureHelper signature) { Line(opcode, "signature"); inner.Emit(opcode, signature); }
    public override void Emit(OpCode opcode, FieldInfo field) { Line(opcode, Name(field)); inner.Emit(opcode, field); }
    public override void Emit(OpCode opcode, MethodInfo meth) { Line(opcode, Name(meth)); inner.Emit(opcode, meth); }
    public override void Emit(OpCode opcode, float arg) { Line(opcode, arg.ToString("R", CultureInfo.InvariantCulture)); inner.Emit(opcode, arg); }
    public override void Emit(OpCode opcode, string str) { Line(opcode, "\"" + str + "\""); inner.Emit(opcode, str); }
    public override void Emit(OpCode opcode, Type cls) { Line(opcode, cls.Name); inner.Emit(opcode, cls); }
    public override void EmitCall(OpCode opcode, MethodInfo methodInfo, Type[]? optionalParameterTypes) { Line(opcode, Name(methodInfo)); inner.EmitCall(opcode, methodInfo, optionalParameterTypes); }
    public override void EmitCalli(OpCode opcode, CallingConventions callingConvention, Type? returnType, Type[]? parameterTypes, Type[]? optionalParameterTypes)
    {
        Line(opcode, Sig(returnType, parameterTypes));
        inner.EmitCalli(opcode, callingConvention, returnType, parameterTypes, optionalParameterTypes);
    }
    public override void EmitCalli(OpCode opcode, System.Runtime.InteropServices.CallingConvention unmanagedCallConv, Type? returnType, Type[]? parameterTypes)
    {
        Line(opcode, Sig(returnType, parameterTypes));
        inner.EmitCalli(opcode, unmanagedCallConv, returnType, parameterTypes);
    }
    private static string Sig(Type? ret, Type[]? ps)
    {
        var sb = new StringBuilder((ret ?? typeof(void)).Name).Append('(');
        if (ps is not null) for (int i = 0; i < ps.Length; i++) sb.Append(i == 0 ? "" : ", ").Append(ps[i].Name);
        return sb.Append(')').ToString();
    }
    public override void EndExceptionBlock() { text.Append("  .end try\n"); inner.EndExceptionBlock(); }
    public override void EndScope() => inner.EndScope();
    public override void MarkLabel(Label loc) { text.Append(' ').Append(Lbl(loc)).Append(":\n"); inner.MarkLabel(loc); }
    public override void UsingNamespace(string usingNamespace) => inner.UsingNamespace(usingNamespace);
}
