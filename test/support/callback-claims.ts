import type { ScenarioRecord } from "./callback-scenarios";

export interface Verdict {
  verdict: "confirmed" | "wrong" | "depends";
  evidence: string;
}

export interface Claim {
  claim: string;
  scenarios: string[];
  check(records: ScenarioRecord[]): Verdict;
}

export const claims: Claim[] = [];
