// Why a piece of the initrd was not trusted: the ledger's result token
// (docs/formats.md lists them) and a sentence for the console.
export class Refusal {
  constructor(
    public code: string,
    public reason: string,
  ) {}
}

// Where the verification's outcome goes: at boot, the console and the ledger
// (kernel/trust/boot.ts); in host tests, a list. `subject` points at the
// 32-byte content ID the event is about.
export abstract class TrustLog {
  abstract event(event: string, subject: usize, result: string, message: string): void;
}
