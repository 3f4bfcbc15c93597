-- wrk script: POST /api/v1/applications with realistic, varied grant and booking
-- applications (about 70 % grants, 30 % bookings). Organisation numbers are drawn at
-- random and given a valid Luhn check digit, so every request passes intake validation.
-- Usage: wrk ... -s post_applications.lua URL -- <intake token> [premises id]

local threads = {}
local counter = 0

function setup(thread)
  counter = counter + 1
  thread:set("tid", counter)
  table.insert(threads, thread)
end

local token, premises

function init(args)
  token = args[1]
  premises = args[2] or "storsalen"
  math.randomseed(os.time() * 1000 + (tid or 0) * 7919)
end

local function luhn_digit(nine)
  local sum = 0
  for i = 1, 9 do
    local d = tonumber(nine:sub(i, i))
    if i % 2 == 1 then
      d = d * 2
      if d > 9 then d = d - 9 end
    end
    sum = sum + d
  end
  return (10 - sum % 10) % 10
end

local function org_number()
  local nine = string.format("802%06d", math.random(0, 999999))
  return nine:sub(1, 6) .. "-" .. nine:sub(7) .. luhn_digit(nine)
end

local first = {"Anna", "Omar", "Karin", "Ali", "Sara", "Johan", "Leila", "Erik", "Fatima", "Lars", "Maja", "Hassan"}
local last = {"Andersson", "Lind", "Holm", "Berg", "Ek", "Haddad", "Nilsson", "Yilmaz", "Svensson", "Karlsson"}
local towns = {"Göteborg", "Malmö", "Uppsala", "Umeå", "Örebro", "Lund"}
local grant_types = {"activity", "project", "premises", "start", "event"}
local event_types = {"meeting", "lecture", "sport", "celebration", "public_event", "other"}

local function person()
  return first[math.random(#first)] .. " " .. last[math.random(#last)]
end

-- Three different people (intake refuses a board that names someone twice).
local function board()
  local names = {}
  while #names < 3 do
    local candidate = person()
    local fresh = true
    for _, n in ipairs(names) do fresh = fresh and n ~= candidate end
    if fresh then names[#names + 1] = candidate end
  end
  return names
end

local function organisation(org)
  local b = board()
  local members = math.random(15, 400)
  return string.format(
    '{"org_number":"%s","name":"Föreningen %s %d","description":"Ideell förening för barn och unga i %s.",' ..
    '"municipality":"%s","registered_non_profit":true,"statutes_adopted":"20%02d-03-14",' ..
    '"last_annual_meeting":"2026-0%d-02","board_size":%d,"member_count":%d,"members_resident":%d,' ..
    '"members_aged_7_25":%d,"bankgiro":"5050-1055","contact":{"name":"%s","email":"kontakt%d@example.org"},' ..
    '"board":[{"name":"%s","role":"chair"},{"name":"%s","role":"treasurer"},{"name":"%s","role":"member"}],' ..
    '"cooperation_organisations":["%s"]}',
    org, last[math.random(#last)], math.random(1, 999), towns[math.random(#towns)], towns[math.random(#towns)],
    math.random(0, 24), math.random(1, 6), math.random(3, 9), members, math.floor(members * 0.8),
    math.floor(members * 0.5), person(), math.random(1, 100000), b[1], b[2], b[3], org_number())
end

local function grant(org)
  return string.format(
    '{"kind":"grant","organisation":%s,"grant":{"type":"%s","amount_sek":%d,' ..
    '"period":{"from":"2027-01-01","to":"2027-12-31"},"purpose":"Veckovis verksamhet: läxhjälp, idrott och ' ..
    'studiecirklar för medlemmarna.","expected_participants":%d},' ..
    '"attachments":[{"kind":"statutes"},{"kind":"annual_report"},{"kind":"financial_statement"}],' ..
    '"declarations":{"democracy_conditions_accepted":true,"information_true":true}}',
    organisation(org), grant_types[math.random(#grant_types)], math.random(5, 150) * 1000, math.random(10, 300))
end

-- Next year's February: a booking may not start in the past (intake refuses it).
local booking_year = tonumber(os.date("%Y")) + 1

local function booking(org)
  local day = math.random(1, 28)
  local hour = math.random(8, 19)
  return string.format(
    '{"kind":"booking","organisation":%s,"booking":{"premises_id":"%s",' ..
    '"start":"%d-02-%02dT%02d:00:00+01:00","end":"%d-02-%02dT%02d:00:00+01:00",' ..
    '"purpose":"Årsmöte och föreläsning för medlemmar och allmänhet.","event_type":"%s","public":%s,' ..
    '"expected_attendees":%d,"speakers":[{"name":"%s"}]},' ..
    '"declarations":{"democracy_conditions_accepted":true,"information_true":true}}',
    organisation(org), premises, booking_year, day, hour, booking_year, day, hour + 2, event_types[math.random(#event_types)],
    math.random(0, 1) == 1 and "true" or "false", math.random(10, 110), person())
end

function request()
  local org = org_number()
  local body = (math.random(1, 10) <= 7) and grant(org) or booking(org)
  return wrk.format("POST", "/api/v1/applications", {
    ["Content-Type"] = "application/json",
    ["Authorization"] = "Bearer " .. token,
  }, body)
end
