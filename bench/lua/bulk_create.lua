-- wrk script: POST /v1/parts/bulk with <rows> new parts per request
-- (default 1000), every identification unique.
-- usage: wrk ... -s bulk_create.lua http://127.0.0.1:PORT -- <prefix> [rows]
-- identification = <prefix>-<thread>-<request>-<row>.

local counter = 0
function setup(thread)
   counter = counter + 1
   thread:set("tid", counter)
end

local prefix, rows
local n = 0
function init(args)
   prefix = args[1]
   rows = tonumber(args[2] or "1000")
   if not prefix or prefix == "" or not rows or rows < 1 then
      error("bulk_create.lua: expected arguments <prefix> [rows]")
   end
   prefix = prefix .. "-" .. tostring(tid or 0)
   wrk.method = "POST"
   wrk.headers["Content-Type"] = "application/json"
end

function request()
   n = n + 1
   local base = prefix .. "-" .. n .. "-"
   local t = {}
   for i = 1, rows do
      local ident = base .. i
      t[i] = '{"name":"Part ' .. ident .. '","identification":"' .. ident ..
         '","unit_type":"Mass","unit_of_measure":"kg","density":0.5,' ..
         '"is_finished_product":true,"batch_ids":["B1","B2"]}'
   end
   return wrk.format("POST", "/v1/parts/bulk", nil, "[" .. table.concat(t, ",") .. "]")
end
