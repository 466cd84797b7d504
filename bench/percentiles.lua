-- wrk reports p50/p75/p90/p99 only; the issue's targets also need p95 (and the scenarios the
-- slowest request and how many completed).
done = function(summary, latency, requests)
  for _, p in ipairs({50, 95, 99}) do
    io.write(string.format("p%d %d\n", p, latency:percentile(p)))
  end
  io.write(string.format("max %d\n", latency.max))
  io.write(string.format("requests %d\n", summary.requests))
end
