-- wrk script for the memory run: a bounded mix of authenticated reads (case list, keyset
-- pages, one case, rules) and a few submissions, so that every handler path that keeps
-- buffers, statements or pooled connections is exercised many times.
-- Usage: wrk ... -s mixed_requests.lua URL -- <officer token> <intake token> <max case id> <max requests per thread>

local counter = 0
function setup(thread)
  counter = counter + 1
  thread:set("tid", counter)
end

local officer, intake, max_id, cap, done = nil, nil, 1, 0, 0
local n = 0

local function b64url(s)
  local chars = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_"
  local out = {}
  for i = 1, #s, 3 do
    local a, b, c = s:byte(i, i + 2)
    local v = a * 65536 + (b or 0) * 256 + (c or 0)
    local k = #s - i + 1
    out[#out + 1] = chars:sub(math.floor(v / 262144) % 64 + 1, math.floor(v / 262144) % 64 + 1)
    out[#out + 1] = chars:sub(math.floor(v / 4096) % 64 + 1, math.floor(v / 4096) % 64 + 1)
    if k > 1 then out[#out + 1] = chars:sub(math.floor(v / 64) % 64 + 1, math.floor(v / 64) % 64 + 1) end
    if k > 2 then out[#out + 1] = chars:sub(v % 64 + 1, v % 64 + 1) end
  end
  return table.concat(out)
end

local function luhn_digit(nine)
  local sum = 0
  for i = 1, 9 do
    local d = tonumber(nine:sub(i, i))
    if i % 2 == 1 then d = d * 2; if d > 9 then d = d - 9 end end
    sum = sum + d
  end
  return (10 - sum % 10) % 10
end

function init(args)
  officer, intake, max_id, cap = args[1], args[2], tonumber(args[3]), tonumber(args[4])
  math.randomseed(os.time() + (tid or 0) * 104729)
end

function request()
  n = n + 1
  local r = n % 20
  local auth = {["Authorization"] = "Bearer " .. officer}
  if r == 0 then
    local nine = string.format("802%06d", math.random(0, 999999))
    local org = nine:sub(1, 6) .. "-" .. nine:sub(7) .. luhn_digit(nine)
    return wrk.format("POST", "/api/v1/applications",
      {["Authorization"] = "Bearer " .. intake, ["Content-Type"] = "application/json"},
      '{"kind":"grant","organisation":{"org_number":"' .. org .. '","name":"Föreningen Minne","municipality":"Lund",' ..
      '"registered_non_profit":true,"statutes_adopted":"2019-03-14","last_annual_meeting":"2026-03-02",' ..
      '"board_size":5,"member_count":120,"members_resident":96,"members_aged_7_25":64,"bankgiro":"5050-1055",' ..
      '"contact":{"name":"Anna Andersson","email":"anna@example.org"}},"grant":{"type":"activity",' ..
      '"amount_sek":45000,"period":{"from":"2027-01-01","to":"2027-12-31"},"purpose":"x","expected_participants":80},' ..
      '"attachments":[{"kind":"statutes"},{"kind":"annual_report"},{"kind":"financial_statement"}],' ..
      '"declarations":{"democracy_conditions_accepted":true,"information_true":true}}')
  elseif r < 8 then
    return wrk.format("GET", "/api/v1/cases?limit=50", auth)
  elseif r < 13 then
    return wrk.format("GET", "/api/v1/cases?limit=50&after=" .. b64url("case:" .. math.random(100, max_id)), auth)
  elseif r < 18 then
    return wrk.format("GET", "/api/v1/cases/" .. math.random(1, max_id), auth)
  elseif r == 18 then
    return wrk.format("GET", "/api/v1/cases?limit=20&status=referred", auth)
  else
    return wrk.format("GET", "/healthz")
  end
end

function response(status, headers, body)
  done = done + 1
  if cap > 0 and done >= cap then wrk.thread:stop() end
end
