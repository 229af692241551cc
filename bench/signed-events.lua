-- wrk script for bench/run.sh: replays the signed events written by SignedEvents.java, each event once
-- (every wrk thread takes its own share of the file), sent on a fixed schedule when BENCH_RATE is set
-- (as long as a connection is free: use a few times more connections than rate x latency).
--   EVENTS_FILE=target/bench/events.bin BENCH_RATE=500 WRK_THREADS=2 wrk -t2 -c100 -d60s -s bench/signed-events.lua <url>

local file = os.getenv("EVENTS_FILE")
local rate = tonumber(os.getenv("BENCH_RATE") or "0")
local threads = {}
local counter = 0

-- a monotonic clock in milliseconds (LuaJIT's FFI), to send on a fixed schedule
local ffi = require("ffi")
ffi.cdef[[
  typedef struct { long tv_sec; long tv_nsec; } bench_timespec;
  int clock_gettime(int clock_id, bench_timespec *tp);
]]
local clock = ffi.new("bench_timespec")
local function now_ms()
  ffi.C.clock_gettime(1, clock)
  return tonumber(clock.tv_sec) * 1000 + tonumber(clock.tv_nsec) / 1e6
end

function setup(thread)
  counter = counter + 1
  thread:set("index", counter)
  table.insert(threads, thread)
end

function init(args)
  -- this thread's events: every n-th of the file, so no event is sent twice
  local nthreads = tonumber(os.getenv("WRK_THREADS") or "1")
  requests = {}
  local f = assert(io.open(file, "rb"))
  local i = 0
  while true do
    local header = f:read("*l")
    if header == nil then break end
    local signature, length = header:match("^(%S+) (%d+)$")
    local body = f:read(tonumber(length))
    if i % nthreads == index - 1 then
      requests[#requests + 1] = wrk.format("POST", nil,
          { ["Content-Type"] = "application/json; charset=utf-8", ["Stripe-Signature"] = signature }, body)
    end
    i = i + 1
  end
  f:close()
  position = 0
  statuses = {}
  -- this thread sends one request every interval ms, whichever of its connections is free
  if rate > 0 then
    interval = 1000 * nthreads / rate
  end
end

function request()
  position = position + 1
  if position > #requests then
    position = 1 -- more requests than events: later ones are duplicates (the run is sized to avoid this)
    wrapped = true
  end
  return requests[position]
end

-- called before each request: wait until the next slot of the schedule (never longer than a slot's
-- distance: a connection that is late sends at once)
function delay()
  if not interval then
    return 0
  end
  local now = now_ms()
  next_due = math.max((next_due or now) + interval, now - 1000)
  return math.max(0, math.floor(next_due - now))
end

function response(status, headers, body)
  statuses[status] = (statuses[status] or 0) + 1
end

function done(summary, latency, requests)
  local counts = {}
  for _, thread in ipairs(threads) do
    local s = thread:get("statuses")
    for status, n in pairs(s) do
      counts[status] = (counts[status] or 0) + n
    end
    if thread:get("wrapped") then
      io.write("warning: events ran out, some were sent twice\n")
    end
  end
  local text = ""
  for status, n in pairs(counts) do
    text = text .. " " .. status .. "=" .. n
  end
  local seconds = summary.duration / 1e6
  local ok = counts[200] or 0
  io.write(string.format("%s requests=%d 2xx/s=%.1f p50=%.1f p95=%.1f p99=%.1f max=%.1f ms statuses:%s errors(connect/read/write/timeout)=%d/%d/%d/%d\n",
      os.getenv("BENCH_LABEL") or "run", summary.requests, ok / seconds,
      latency:percentile(50) / 1000, latency:percentile(95) / 1000, latency:percentile(99) / 1000, latency.max / 1000,
      text, summary.errors.connect, summary.errors.read, summary.errors.write, summary.errors.timeout))
end
