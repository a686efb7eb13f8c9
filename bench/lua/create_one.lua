-- wrk script: POST /v1/parts, one new part per request, unique identification.
-- usage: wrk ... -s create_one.lua http://127.0.0.1:PORT -- <prefix> [keyed]
-- identification = <prefix>-<thread>-<counter>, so it is unique per run as long
-- as <prefix> is unique per run. With "keyed", every request also carries a
-- fresh Idempotency-Key (the identification), so the server stores each answer.

local counter = 0
function setup(thread)
   counter = counter + 1
   thread:set("tid", counter)
end

local prefix, keyed
local n = 0
function init(args)
   prefix = args[1]
   if not prefix or prefix == "" then
      error("create_one.lua: expected argument <prefix>")
   end
   keyed = args[2] == "keyed"
   prefix = prefix .. "-" .. tostring(tid or 0)
   wrk.method = "POST"
   wrk.headers["Content-Type"] = "application/json"
end

function request()
   n = n + 1
   local ident = prefix .. "-" .. n
   local body = '{"name":"Single ' .. ident .. '","identification":"' .. ident ..
      '","unit_type":"Mass","unit_of_measure":"kg","density":0.5,' ..
      '"is_finished_product":false,"batch_ids":["B1"]}'
   if keyed then
      wrk.headers["Idempotency-Key"] = ident
   end
   return wrk.format("POST", "/v1/parts", nil, body)
end
