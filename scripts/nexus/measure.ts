// The kernel's measurement (docs/formats.md, "The kernel's measurement"):
// BLAKE3 of the .text section followed by the .rodata section of an ELF64
// little-endian file, found through the section headers.
import { FormatError, Reader, blake3 } from "./bytes.ts";

export interface Measurement {
  hash: Uint8Array;
  machine: number;
  text: { offset: number; size: number };
  rodata: { offset: number; size: number };
}

const SHT_NOBITS = 8;

export function isElf(buf: Uint8Array): boolean {
  return buf.length >= 4 && buf[0] === 0x7f && buf[1] === 0x45 && buf[2] === 0x4c && buf[3] === 0x46;
}

export function measure(elf: Uint8Array, what = "kernel"): Measurement {
  const bad = (msg: string) => new FormatError("corrupt", `${what}: ${msg}`);
  if (!isElf(elf)) throw bad("not an ELF file (no \\x7fELF magic)");
  if (elf.length < 64) throw bad(`${elf.length} bytes, too short for an ELF64 header`);
  if (elf[4] !== 2) throw bad(`not ELF64 (class ${elf[4]})`);
  if (elf[5] !== 1) throw bad(`not little-endian (data encoding ${elf[5]})`);
  const r = new Reader(elf, what);
  r.pos = 18;
  const machine = r.u16("e_machine");
  r.pos = 0x28;
  const shoff = r.u64("e_shoff");
  r.pos = 0x3a;
  const shentsize = r.u16("e_shentsize");
  let shnum = r.u16("e_shnum");
  let shstrndx = r.u16("e_shstrndx");
  if (shoff === 0n) throw bad("no section headers");
  if (shentsize < 64) throw bad(`section header size ${shentsize}, expected 64`);
  if (shoff > BigInt(elf.length)) throw bad(`section headers at ${shoff} are past the end of the file`);
  const section = (i: number) => {
    const at = Number(shoff) + i * shentsize;
    if (at + 64 > elf.length) throw bad(`section header ${i} is past the end of the file`);
    const s = new Reader(elf, `${what} section header ${i}`);
    s.pos = at;
    const name = s.u32("sh_name");
    const type = s.u32("sh_type");
    s.pos = at + 24;
    const offset = s.u64("sh_offset");
    const size = s.u64("sh_size");
    const link = s.u32("sh_link");
    return { name, type, offset, size, link };
  };
  if (shnum === 0) shnum = Number(section(0).size); // extended numbering
  if (shstrndx === 0xffff) shstrndx = section(0).link;
  if (shstrndx >= shnum) throw bad(`section name table index ${shstrndx} out of range`);
  const bytesOf = (s: ReturnType<typeof section>, label: string) => {
    if (s.type === SHT_NOBITS) throw bad(`${label} has no bytes in the file (NOBITS)`);
    if (s.offset + s.size > BigInt(elf.length)) throw bad(`${label} runs past the end of the file`);
    return { offset: Number(s.offset), size: Number(s.size) };
  };
  const strtab = bytesOf(section(shstrndx), "section name table");
  const nameOf = (off: number) => {
    const start = strtab.offset + off;
    if (off >= strtab.size) throw bad(`section name offset ${off} out of range`);
    let end = start;
    while (end < strtab.offset + strtab.size && elf[end] !== 0) end++;
    return Buffer.from(elf.subarray(start, end)).toString("latin1");
  };
  const found = new Map<string, { offset: number; size: number }>();
  for (let i = 0; i < shnum; i++) {
    const s = section(i);
    const name = s.name === 0 && i === 0 ? "" : nameOf(s.name);
    if (name === ".text" || name === ".rodata") {
      if (found.has(name)) throw bad(`two ${name} sections`);
      found.set(name, bytesOf(s, name));
    }
  }
  const text = found.get(".text");
  const rodata = found.get(".rodata");
  if (!text) throw bad("no .text section");
  if (!rodata) throw bad("no .rodata section");
  const hash = blake3(elf.subarray(text.offset, text.offset + text.size), elf.subarray(rodata.offset, rodata.offset + rodata.size));
  return { hash, machine, text, rodata };
}
