// The system calls (docs/syscalls.md): their numbers and the values their
// arguments take. The kernel's dispatch table (kernel/syscall/trap.ts) is
// indexed by these numbers, the cells' library (cells/lib/sys.ts) calls by
// them, and the build generates the C header the user runtime includes from
// this file (scripts/gen-constants.ts).
export const SYS_EXIT: u32 = 0;
export const SYS_YIELD: u32 = 1;
export const SYS_SLEEP: u32 = 2;
export const SYS_MAP: u32 = 3;
export const SYS_UNMAP: u32 = 4;
export const SYS_MEM_CREATE: u32 = 5;
export const SYS_SEND: u32 = 6;
export const SYS_RECV: u32 = 7;
export const SYS_CALL: u32 = 8;
export const SYS_REPLY: u32 = 9;
export const SYS_REPLY_RECV: u32 = 10;
export const SYS_NOTIFY: u32 = 11;
export const SYS_WAIT: u32 = 12;
export const SYS_POLL: u32 = 13;
export const SYS_CAP_COPY: u32 = 14;
export const SYS_CAP_DROP: u32 = 15;
export const SYS_CAP_REVOKE: u32 = 16;
export const SYS_CAP_INFO: u32 = 17;
export const SYS_SPAWN: u32 = 18;
export const SYS_CELL_STATUS: u32 = 19;
export const SYS_CELL_KILL: u32 = 20;
export const SYS_CELL_RESTART: u32 = 21;
export const SYS_CONSOLE_WRITE: u32 = 22;
export const SYS_CONSOLE_READ: u32 = 23;
export const SYS_KINFO: u32 = 24;
export const SYS_TIME: u32 = 25;
export const SYS_TRAP: u32 = 26;
export const SYS_IRQ_WAIT: u32 = 27;
export const SYS_IRQ_ACK: u32 = 28;
export const SYS_NOTIFY_CREATE: u32 = 29;
export const SYS_ENDPOINT_CREATE: u32 = 30;
export const SYS_FILE_READ: u32 = 31;
export const SYS_ARGS: u32 = 32;

// map: the slot that asks for fresh anonymous frames instead of a memory or
// mmio capability, and the protections (WRITE with EXEC is refused).
export const MAP_ANON: u32 = 0xffff_ffff;
export const PROT_READ: u32 = 1;
export const PROT_WRITE: u32 = 2;
export const PROT_EXEC: u32 = 4;

// The most one call copies between a cell and the kernel.
export const MAX_COPY: u32 = 1 << 20;

// spawn's argument block: 48 bytes, little-endian, at these offsets.
export const SPAWN_BLOCK_SIZE: u32 = 48;
export const SPAWN_NAME_PTR: u32 = 0; // u64
export const SPAWN_NAME_LEN: u32 = 8; // u32, 1..MAX_NAME
export const SPAWN_NCAPS: u32 = 12; // u32, at most MAX_SPAWN_CAPS
export const SPAWN_CAPS_PTR: u32 = 16; // u64: u32 slots, NO_SLOT leaves one empty
export const SPAWN_NOTIFY_SLOT: u32 = 24; // u32, NO_SLOT: none
export const SPAWN_BUDGET_MS: u32 = 28; // u32, 0: unlimited
export const SPAWN_ARGS_PTR: u32 = 32; // u64
export const SPAWN_ARGS_LEN: u32 = 40; // u32, at most MAX_SPAWN_ARGS
export const SPAWN_RESERVED: u32 = 44; // u32, must be 0
export const MAX_NAME: u32 = 63; // a cell's or an initrd file's name, in bytes
export const MAX_SPAWN_CAPS: u32 = 64;
export const MAX_SPAWN_ARGS: u32 = 1024;

// cell_status r0.
export const CELL_RUNNING: u32 = 0;
export const CELL_EXITED: u32 = 1;
export const CELL_FAULTED: u32 = 2;
export const CELL_KILLED: u32 = 3;

// kinfo's `what`.
export const KINFO_CELLS: u32 = 0;
export const KINFO_MEMORY: u32 = 1;
export const KINFO_LEDGER: u32 = 2;
export const KINFO_COUNTERS: u32 = 3;

// The longest sleep, in nanoseconds (an hour).
export const MAX_SLEEP_NS: u64 = 3600_000_000_000;
