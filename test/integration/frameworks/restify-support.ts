// Restify 11 needs Node's legacy `http_parser` binding (through its http-deceiver dependency),
// which Node 22 and later no longer have: restify itself cannot start there, with or without us.
// Its tests run where its Node range allows (the main CI lane, Node 20), not in the Node 24 lane.
export const restifyRuns: boolean = (() => {
  try {
    (process as unknown as { binding(name: string): unknown }).binding('http_parser');
    return true;
  } catch {
    return false;
  }
})();
