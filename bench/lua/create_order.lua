-- wrk script: POST /v1/orders, one new order per request with one item per
-- SKU given (quantity 1..3, a price), durable like every create.
-- usage: wrk ... -s create_order.lua http://127.0.0.1:PORT -- <sku1,sku2,...>
local skus = {}
local n = 0
function init(args)
   wrk.headers["Content-Type"] = "application/json"  -- wrk.headers also carry the bench's Authorization
   for s in string.gmatch(args[1] or "", "%d+") do skus[#skus + 1] = s end
   if #skus == 0 then error("create_order.lua: expected argument <sku1,sku2,...>") end
end

function request()
   n = n + 1
   local items = {}
   for i, sku in ipairs(skus) do
      items[i] = string.format('{"sku_id":%s,"quantity":%d,"price":"%d.50"}', sku, 1 + (n + i) % 3, 10 + i)
   end
   local body = '{"po_number":"BENCH-' .. n .. '","items":[' .. table.concat(items, ",") .. ']}'
   return wrk.format("POST", "/v1/orders", nil, body)
end
