// Little-endian reading and writing with bounds checks, the hash every format
// uses (BLAKE3), hex, and the one error type the CLI turns into a
// `nexus: <message>` line.
import { hash } from "blake3-wasm";

// An input the user gave us is wrong (exit 1), or the command line is (exit 2).
export class NexusError extends Error {
  constructor(
    message: string,
    readonly exitCode = 1,
  ) {
    super(message);
  }
}
export class UsageError extends NexusError {
  constructor(message: string) {
    super(message, 2);
  }
}
// A structure does not follow docs/formats.md; `reason` is one of the kernel's
// result words (corrupt, truncated, ...), the message says exactly what.
export class FormatError extends NexusError {
  constructor(
    readonly reason: string,
    message: string,
  ) {
    super(message);
  }
}

export function blake3(...parts: Uint8Array[]): Uint8Array {
  return new Uint8Array(hash(Buffer.concat(parts)) as Buffer);
}

export function toHex(b: Uint8Array): string {
  return Buffer.from(b).toString("hex");
}

export function fromHex(s: string, bytes: number, what: string): Uint8Array {
  if (s.length !== bytes * 2 || !/^[0-9a-fA-F]*$/.test(s)) {
    throw new NexusError(`${what}: expected ${bytes * 2} hex digits`);
  }
  return new Uint8Array(Buffer.from(s, "hex"));
}

export function equalBytes(a: Uint8Array, b: Uint8Array): boolean {
  return a.length === b.length && Buffer.compare(a, b) === 0;
}

export function ascii(s: string): Uint8Array {
  return new Uint8Array(Buffer.from(s, "latin1"));
}

// Reads fields of a structure named `what`; every read past the end is a
// "truncated" FormatError naming the structure and the offset.
export class Reader {
  private view: DataView;
  pos = 0;
  constructor(
    readonly buf: Uint8Array,
    readonly what: string,
    readonly reason = "corrupt",
  ) {
    this.view = new DataView(buf.buffer, buf.byteOffset, buf.byteLength);
  }
  get remaining(): number {
    return this.buf.length - this.pos;
  }
  need(n: number, field: string): void {
    if (n > this.remaining) {
      throw new FormatError(this.reason, `${this.what}: ${field} at offset ${this.pos} needs ${n} bytes, only ${this.remaining} left`);
    }
  }
  u8(field: string): number {
    this.need(1, field);
    return this.view.getUint8(this.pos++);
  }
  u16(field: string): number {
    this.need(2, field);
    const v = this.view.getUint16(this.pos, true);
    this.pos += 2;
    return v;
  }
  u32(field: string): number {
    this.need(4, field);
    const v = this.view.getUint32(this.pos, true);
    this.pos += 4;
    return v;
  }
  u64(field: string): bigint {
    this.need(8, field);
    const v = this.view.getBigUint64(this.pos, true);
    this.pos += 8;
    return v;
  }
  bytes(n: number, field: string): Uint8Array {
    this.need(n, field);
    const v = this.buf.subarray(this.pos, this.pos + n);
    this.pos += n;
    return v;
  }
  magic(expected: string): void {
    const got = this.bytes(4, "magic");
    if (!equalBytes(got, ascii(expected))) {
      throw new FormatError(
        "corrupt",
        `${this.what}: bad magic ${JSON.stringify(Buffer.from(got).toString("latin1"))}, expected ${expected}`,
      );
    }
  }
  version(): void {
    const v = this.u16("version");
    if (v !== 1) throw new FormatError("corrupt", `${this.what}: unsupported version ${v}, expected 1`);
  }
  reserved(size: 1 | 2 | 4 | 8, field = "reserved field"): void {
    const at = this.pos;
    const v = size === 1 ? this.u8(field) : size === 2 ? this.u16(field) : size === 4 ? this.u32(field) : this.u64(field);
    if (v !== 0 && v !== 0n) throw new FormatError("corrupt", `${this.what}: ${field} at offset ${at} is ${v}, must be 0`);
  }
  // A u64 length bounded by `max` (a safe integer), returned as a number.
  length64(field: string, max: number): number {
    const at = this.pos;
    const v = this.u64(field);
    if (v > BigInt(max)) throw new FormatError("corrupt", `${this.what}: ${field} ${v} at offset ${at} is over the limit ${max}`);
    return Number(v);
  }
}

export class Writer {
  private parts: Uint8Array[] = [];
  length = 0;
  private push(b: Uint8Array): this {
    this.parts.push(b);
    this.length += b.length;
    return this;
  }
  u8(v: number): this {
    return this.push(Uint8Array.of(v));
  }
  u16(v: number): this {
    const b = new Uint8Array(2);
    new DataView(b.buffer).setUint16(0, v, true);
    return this.push(b);
  }
  u32(v: number): this {
    const b = new Uint8Array(4);
    new DataView(b.buffer).setUint32(0, v, true);
    return this.push(b);
  }
  u64(v: bigint | number): this {
    const b = new Uint8Array(8);
    new DataView(b.buffer).setBigUint64(0, BigInt(v), true);
    return this.push(b);
  }
  bytes(b: Uint8Array): this {
    return this.push(b);
  }
  zeros(n: number): this {
    return this.push(new Uint8Array(n));
  }
  ascii(s: string): this {
    return this.push(ascii(s));
  }
  finish(): Uint8Array {
    return new Uint8Array(Buffer.concat(this.parts));
  }
}

// The naming rule shared by bundles and initrd entries.
export const NAME_RULE = "1 to 63 bytes of a-z 0-9 . _ -, starting with a letter or digit";
export function isName(name: string): boolean {
  return /^[a-z0-9][a-z0-9._-]{0,62}$/.test(name);
}

export const MiB = 1024 * 1024;
