-- wrk script: GET <prefix>{id} with a uniformly random id in [lo, hi].
-- usage: wrk ... -s get_by_id.lua http://127.0.0.1:PORT -- <lo> <hi> [prefix] [etag [header]]
-- prefix defaults to /v1/parts/ (e.g. /v1/inspections/). With etag (its 16 hex
-- digits, without quotes) every request sends If-None-Match: "<etag>", or the
-- same value under another header name (a baseline that costs wrk the same).
-- Extra headers (e.g. Authorization from `wrk -H`) are kept: wrk.format()
-- falls back to wrk.headers when no header table is passed.

local counter = 0
function setup(thread)            -- runs in the main Lua state, once per thread
   counter = counter + 1
   thread:set("tid", counter)
end

local lo, hi, prefix
function init(args)               -- runs in each thread's own Lua state
   lo, hi, prefix = tonumber(args[1]), tonumber(args[2]), args[3] or "/v1/parts/"
   if args[4] then
      wrk.headers[args[5] or "If-None-Match"] = '"' .. args[4] .. '"'
   end
   if not lo or not hi or hi < lo then
      error("get_by_id.lua: expected arguments <lo> <hi> [prefix], got: " .. table.concat(args, " "))
   end
   math.randomseed(os.time() * 1000 + (tid or 0) * 7919)
   for _ = 1, 10 do math.random() end
end

function request()
   return wrk.format("GET", prefix .. math.random(lo, hi))
end
