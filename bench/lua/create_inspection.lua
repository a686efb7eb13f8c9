-- wrk script: POST /v1/inspections, one new inspection per request with 5
-- samples of 5 results each (one per characteristic; values inside the limits
-- 5..15 that setup_inspections in run.sh gives them, so every one passes).
-- usage: wrk ... -s create_inspection.lua http://127.0.0.1:PORT -- <spec_id> <c1,c2,c3,c4,c5>
-- sample_serial = T<thread>-<counter>-<sample>.

local counter = 0
function setup(thread)
   counter = counter + 1
   thread:set("tid", counter)
end

local spec, chars, prefix
local n = 0
function init(args)
   spec = tonumber(args[1])
   chars = {}
   for c in string.gmatch(args[2] or "", "%d+") do chars[#chars + 1] = c end
   if not spec or #chars ~= 5 then
      error("create_inspection.lua: expected arguments <spec_id> <c1,c2,c3,c4,c5>")
   end
   prefix = "T" .. tostring(tid or 0)
   wrk.method = "POST"
   wrk.headers["Content-Type"] = "application/json"
end

function request()
   n = n + 1
   local samples = {}
   for s = 1, 5 do
      local results = {}
      for i = 1, 5 do
         results[i] = string.format('{"characteristic_id":%s,"value":%.2f}', chars[i], 8 + (n * 7 + s * 3 + i) % 40 / 10)
      end
      samples[s] = '{"sample_serial":"' .. prefix .. "-" .. n .. "-" .. s .. '","sample_number":' .. s ..
         ',"results":[' .. table.concat(results, ",") .. ']}'
   end
   local body = '{"drawing_id":' .. spec .. ',"sample_size":5,"samples":[' .. table.concat(samples, ",") .. ']}'
   return wrk.format("POST", "/v1/inspections", nil, body)
end
