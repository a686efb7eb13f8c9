-- wrk script: POST /v1/pick_tickets/{id}/ship on tickets lo..hi, each once:
-- thread t of T ships lo+t-1, lo+t-1+T, ... (a ticket ships once; run out and
-- the rest answer 409, counted as errors).
-- usage: wrk ... -s ship_ticket.lua http://127.0.0.1:PORT -- <lo> <hi>
local threads_total = 0
function setup(thread)
   threads_total = threads_total + 1
   thread:set("tid", threads_total)
end

local next_id, hi
function init(args)
   wrk.headers["Content-Type"] = "application/json"  -- wrk.headers also carry the bench's Authorization
   local lo = tonumber(args[1])
   hi = tonumber(args[2])
   if not lo or not hi then error("ship_ticket.lua: expected arguments <lo> <hi>") end
   next_id = lo + (tid or 1) - 1
end

function request()
   local id = next_id
   next_id = next_id + 2  -- two wrk threads (run.sh THREADS=2)
   if id > hi then id = hi end
   return wrk.format("POST", "/v1/pick_tickets/" .. id .. "/ship", nil,
                     '{"carrier":"UPS","tracking_number":"1Z' .. id .. '"}')
end
