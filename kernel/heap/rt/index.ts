// The kernel's AssemblyScript runtime (asc --runtime kernel/heap/rt/index): AS's own
// TLSF allocator, and a stop-the-world mark-and-sweep collector written here
// whose roots are the globals, pinned objects and the shadow-stack ranges the
// kernel names at each collection (see docs/design.md, "The kernel heap and
// its collector"). asc parses this file as an entry, so it exports nothing:
// the kernel reaches the collector through kernel/heap/gc.ts.
import "~lib/rt/tlsf";
import "./alloc";
import "./collector";
import "./trim";

// asc 0.28.20 makes the message and file name of its shadow-stack overflow
// check ("stack overflow" in "~lib/native.ts") after static memory is laid
// out, so they would point into the heap and the panic would print garbage.
// Equal literals are shared, so naming them here puts them in static data.
changetype<usize>("stack overflow");
changetype<usize>("~lib/native.ts");
