// Reads the `MARK <name> <json>` lines fixtures print: name → values in order.
export function marks(stdout: string): Map<string, unknown[]> {
  const out = new Map<string, unknown[]>();
  for (const line of stdout.split('\n')) {
    const match = /^MARK (\S+) (.*)$/.exec(line);
    if (!match?.[1] || match[2] === undefined) continue;
    const list = out.get(match[1]) ?? [];
    list.push(JSON.parse(match[2]));
    out.set(match[1], list);
  }
  return out;
}
