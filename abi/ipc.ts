// The IPC info word (docs/syscalls.md): bits 0-15 a label of the sender's
// choosing, bits 16-23 the slot of a capability to move (NO_SLOT: none; on
// receipt, where it landed), bit 24 set on receipt when the sender waits for
// a reply. Higher bits must be 0.
import { NO_SLOT } from "./caps.ts"; // with the extension: Node runs abi/ too (tests, gen-constants)

export const INFO_LABEL_MASK: u32 = 0xffff;
export const INFO_SLOT_SHIFT: u32 = 16;
export const INFO_CALL: u32 = 1 << 24;

export function infoWord(label: u32, slot: u32 = NO_SLOT): u64 {
  return <u64>((label & INFO_LABEL_MASK) | ((slot & 0xff) << INFO_SLOT_SHIFT));
}
export function infoLabel(info: u64): u32 {
  return (<u32>info) & INFO_LABEL_MASK;
}
export function infoSlot(info: u64): u32 {
  return ((<u32>info) >> INFO_SLOT_SHIFT) & 0xff;
}
export function infoIsCall(info: u64): bool {
  return ((<u32>info) & INFO_CALL) != 0;
}
