// System-call numbers (docs/syscalls.md).
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

// A handler's result when it has written the results itself (IPC: the other
// side wrote them while this thread waited).
export const KEEP: i64 = i64.MIN_VALUE;
