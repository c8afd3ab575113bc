// Command-line options: `--name value`, `--name=value`, `-o value`, flags,
// `--` ending the options. Anything unknown is a UsageError (exit 2).
import { UsageError } from "./bytes.ts";

export interface OptionSpec {
  value?: boolean; // takes a value (else a flag)
  repeat?: boolean; // may be given more than once
  short?: string; // one-letter alias, e.g. "o"
}
export interface Parsed {
  positionals: string[];
  values: Map<string, string[]>;
  flags: Set<string>;
}

export function parseArgs(cmd: string, argv: string[], spec: Record<string, OptionSpec>): Parsed {
  const out: Parsed = { positionals: [], values: new Map(), flags: new Set() };
  const byShort = new Map(
    Object.entries(spec)
      .filter(([, s]) => s.short)
      .map(([n, s]) => [s.short!, n]),
  );
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    if (a === "--") {
      out.positionals.push(...argv.slice(i + 1));
      break;
    }
    if (!a.startsWith("-") || a === "-") {
      out.positionals.push(a);
      continue;
    }
    let name: string | undefined;
    let inline: string | undefined;
    if (a.startsWith("--")) {
      const eq = a.indexOf("=");
      name = eq < 0 ? a.slice(2) : a.slice(2, eq);
      inline = eq < 0 ? undefined : a.slice(eq + 1);
    } else {
      name = byShort.get(a.slice(1));
    }
    const s = name !== undefined ? spec[name] : undefined;
    if (!name || !s || !Object.hasOwn(spec, name)) throw new UsageError(`${cmd}: unknown option ${a} (see nexus ${cmd} --help)`);
    if (s.value) {
      const v = inline ?? argv[++i];
      if (v === undefined) throw new UsageError(`${cmd}: ${a} needs a value`);
      const list = out.values.get(name) ?? [];
      if (list.length && !s.repeat) throw new UsageError(`${cmd}: ${a} given twice`);
      list.push(v);
      out.values.set(name, list);
    } else {
      if (inline !== undefined) throw new UsageError(`${cmd}: ${a} takes no value`);
      out.flags.add(name);
    }
  }
  return out;
}

export function one(p: Parsed, cmd: string, name: string, required: true): string;
export function one(p: Parsed, cmd: string, name: string, required?: false): string | undefined;
export function one(p: Parsed, cmd: string, name: string, required = false): string | undefined {
  const v = p.values.get(name)?.[0];
  if (v === undefined && required) throw new UsageError(`${cmd}: --${name} is required`);
  return v;
}

export function positionals(p: Parsed, cmd: string, min: number, max: number, what: string): string[] {
  if (p.positionals.length < min) throw new UsageError(`${cmd}: missing ${what}`);
  if (p.positionals.length > max) throw new UsageError(`${cmd}: unexpected argument ${p.positionals[max]}`);
  return p.positionals;
}
