// The AssemblyScript scalar types, as tsc sees them in the host TS: the ABI
// (abi/*.ts) is AssemblyScript that Node also runs (through tsx, which drops
// the types), for the host tests and scripts/gen-constants.ts. Only what
// abi/ uses; the kernel's other sources are never type-checked by tsc.
type u8 = number;
type u16 = number;
type u32 = number;
type u64 = number;
type i8 = number;
type i16 = number;
type i32 = number;
type i64 = number;
type usize = number;
type bool = boolean;
