-- wrk script: GET /v1/parts/{id} with a uniformly random id in [lo, hi].
-- usage: wrk ... -s get_by_id.lua http://127.0.0.1:PORT -- <lo> <hi>
-- Extra headers (e.g. Authorization from `wrk -H`) are kept: wrk.format()
-- falls back to wrk.headers when no header table is passed.

local counter = 0
function setup(thread)            -- runs in the main Lua state, once per thread
   counter = counter + 1
   thread:set("tid", counter)
end

local lo, hi
function init(args)               -- runs in each thread's own Lua state
   lo, hi = tonumber(args[1]), tonumber(args[2])
   if not lo or not hi or hi < lo then
      error("get_by_id.lua: expected arguments <lo> <hi>, got: " .. table.concat(args, " "))
   end
   math.randomseed(os.time() * 1000 + (tid or 0) * 7919)
   for _ = 1, 10 do math.random() end
end

function request()
   return wrk.format("GET", "/v1/parts/" .. math.random(lo, hi))
end
