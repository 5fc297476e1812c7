-- wrk script: GET the paths given after "--" in turn; print requests/s, errors and latency percentiles.
local paths = {}
local counter = 0

function init(args)
  for i, path in ipairs(args) do paths[i] = path end
  counter = math.random(#paths)
end

function request()
  counter = counter + 1
  return wrk.format("GET", paths[(counter % #paths) + 1])
end

function done(summary, latency, requests)
  local e = summary.errors
  local seconds = summary.duration / 1e6
  io.write(string.format("RESULT requests=%d seconds=%.1f rps=%.1f errors_connect=%d errors_read=%d " ..
    "errors_write=%d errors_status=%d errors_timeout=%d p50_ms=%.1f p90_ms=%.1f p99_ms=%.1f max_ms=%.1f\n",
    summary.requests, seconds, summary.requests / seconds, e.connect, e.read, e.write, e.status, e.timeout,
    latency:percentile(50) / 1000, latency:percentile(90) / 1000, latency:percentile(99) / 1000,
    latency.max / 1000))
end
