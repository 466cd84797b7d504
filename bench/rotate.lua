-- Requests a different path each time, in turn from a file of paths (one per line), so a page is
-- measured on first views rather than on one URL that the workers' fragment caches keep.
-- usage: wrk ... -s bench/rotate.lua URL -- PATHS_FILE
local here = debug.getinfo(1, "S").source:sub(2):match("(.*/)") or "./"
dofile(here .. "percentiles.lua")  -- done(): p50/p95/p99, max, requests

local threads = 0
setup = function(thread)
  threads = threads + 1
  thread:set("thread_number", threads)
end

local paths, next_index = {}, 1
init = function(args)
  for line in io.lines(args[1]) do
    if line ~= "" then paths[#paths + 1] = line end
  end
  -- Threads start at different places in the list, so they do not ask for the same pages.
  next_index = ((thread_number or 1) - 1) * math.floor(#paths / 2) + 1
end

request = function()
  local path = paths[next_index]
  next_index = next_index % #paths + 1
  return wrk.format(nil, path)
end
