import type { LoadResult } from "../lib/results";

export async function measureLoad(options: {
  quick: boolean;
  progress: (message: string) => void;
  local: boolean;
  target?: string;
  cookie?: string;
}): Promise<LoadResult[]> {
  options.progress("load: not yet implemented");
  return [];
}
