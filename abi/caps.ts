// Capabilities (docs/syscalls.md): the slots of a cell's table, the kinds of
// object, and rights. A right is one bit; the kinds share five bits and give
// them their own names (an endpoint's READ is RECV, a notification's is
// WAIT), so one mask test serves every kind. cap_info answers
// kind | rights << 8.

// Slots 0..CAP_SLOTS-1; NO_SLOT says "none" wherever a slot is expected
// (IPC info words, spawn's list, its notify slot).
export const CAP_SLOTS: u32 = 64;
export const NO_SLOT: u32 = 255;

export const KIND_ENDPOINT: u32 = 1;
export const KIND_NOTIFICATION: u32 = 2;
export const KIND_MEMORY: u32 = 3;
export const KIND_IRQ: u32 = 4;
export const KIND_MMIO: u32 = 5;
export const KIND_CELL: u32 = 6;
export const KIND_CONSOLE: u32 = 7;
export const KIND_KINFO: u32 = 8;
export const KIND_INITRD: u32 = 9;

export const R_READ: u32 = 1;
export const R_WRITE: u32 = 2;
export const R_EXEC: u32 = 4;
export const R_GRANT: u32 = 8;
export const R_SPAWN: u32 = 16;

export const R_RECV: u32 = R_READ;
export const R_WAIT: u32 = R_READ;
export const R_SEND: u32 = R_WRITE;
export const R_SIGNAL: u32 = R_WRITE;
export const R_ACK: u32 = R_WRITE;
export const R_CONTROL: u32 = R_WRITE;

export function kindName(kind: u32): string {
  switch (kind) {
    case KIND_ENDPOINT:
      return "endpoint";
    case KIND_NOTIFICATION:
      return "notification";
    case KIND_MEMORY:
      return "memory";
    case KIND_IRQ:
      return "irq";
    case KIND_MMIO:
      return "mmio";
    case KIND_CELL:
      return "cell";
    case KIND_CONSOLE:
      return "console";
    case KIND_KINFO:
      return "kinfo";
    case KIND_INITRD:
      return "initrd";
  }
  return "kind" + kind.toString();
}

// The rights that mean something for a kind; a capability never holds others
// (insertion and copy mask with this), so a stray bit can't become a right
// if a later version gives it a meaning. 0 for an unknown kind.
export function validRights(kind: u32): u32 {
  switch (kind) {
    case KIND_ENDPOINT:
      return R_RECV | R_SEND | R_GRANT;
    case KIND_NOTIFICATION:
      return R_WAIT | R_SIGNAL;
    case KIND_MEMORY:
      return R_READ | R_WRITE | R_EXEC | R_GRANT;
    case KIND_IRQ:
      return R_WAIT | R_ACK;
    case KIND_MMIO:
      return R_READ | R_WRITE;
    case KIND_CELL:
      return R_CONTROL | R_SPAWN;
    case KIND_CONSOLE:
      return R_READ | R_WRITE;
    case KIND_KINFO:
      return R_READ;
    case KIND_INITRD:
      return R_READ;
  }
  return 0;
}

// The name one right bit has for a kind ("recv" for an endpoint's R_READ).
function rightName(kind: u32, bit: u32): string {
  if (bit == R_READ) {
    if (kind == KIND_ENDPOINT) return "recv";
    if (kind == KIND_NOTIFICATION || kind == KIND_IRQ) return "wait";
    return "read";
  }
  if (bit == R_WRITE) {
    if (kind == KIND_ENDPOINT) return "send";
    if (kind == KIND_NOTIFICATION) return "signal";
    if (kind == KIND_IRQ) return "ack";
    if (kind == KIND_CELL) return "control";
    return "write";
  }
  if (bit == R_EXEC) return "exec";
  if (bit == R_GRANT) return "grant";
  return "spawn";
}

// "recv,send,grant"; bits the kind gives no meaning follow in hex ("read,0x40"),
// "none" for no rights.
export function rightsName(kind: u32, rights: u32): string {
  if (rights == 0) return "none";
  let s = "";
  const named = rights & validRights(kind);
  for (let bit: u32 = 1; bit <= R_SPAWN; bit <<= 1) {
    if ((named & bit) == 0) continue;
    if (s.length > 0) s += ",";
    s += rightName(kind, bit);
  }
  const rest = rights & ~named;
  if (rest != 0) s += (s.length > 0 ? ",0x" : "0x") + rest.toString(16);
  return s;
}
