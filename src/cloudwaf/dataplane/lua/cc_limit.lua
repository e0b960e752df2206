-- CC rate limit with ban, shared by all nginx workers through small files.
--
-- Why files: libmodsecurity 3.0.9 on Debian is built without LMDB, so ModSecurity
-- collections (initcol/expirevar) live in each worker's memory and a ban set in one worker
-- is invisible to the others (measured: a banned client got through on the second worker).
-- nginx limit_req shares state but cannot hold a key back for D seconds. A fixed-window
-- counter is one O_APPEND byte per request; its size is the count; a ban is a file
-- holding the epoch second it ends. The compiler sets the tx.cc_* variables before `exec`.

local function file_key(s)
  if #s > 96 then -- long header values: FNV-1a 32-bit digest plus length
    local h = 2166136261
    for i = 1, #s do h = ((h ~ s:byte(i)) * 16777619) & 0xffffffff end
    return string.format("h%08x-%d", h, #s)
  end
  return (s:gsub(".", function(c) return string.format("%02x", c:byte()) end))
end

function main()
  local key = m.getvar("tx.cc_key") or ""
  if key == "" then return nil end
  local name = m.getvar("tx.cc_name")
  local limit = tonumber(m.getvar("tx.cc_limit"))
  local window = tonumber(m.getvar("tx.cc_window"))
  local ban = tonumber(m.getvar("tx.cc_ban")) or 0
  local now = os.time()
  local base = m.getvar("tx.cc_dir") .. "/" .. name .. "-" .. file_key(key)

  if ban > 0 then
    local f = io.open(base .. ".ban", "r")
    if f then
      local ends = tonumber(f:read("l") or "0") or 0
      f:close()
      if ends > now then
        m.setvar("tx.cc_verdict", name)
        return nil
      end
      os.remove(base .. ".ban")
    end
  end

  local slot = now // window
  local f = io.open(base .. "." .. slot, "a")
  if not f then return nil end -- fail open: a full or unwritable disk must not take sites down
  f:write("x")
  local count = f:seek("end")
  f:close()
  if count == 1 then os.remove(base .. "." .. (slot - 1)) end
  if count > limit then
    if ban > 0 then
      local b = io.open(base .. ".ban", "w")
      if b then
        b:write(tostring(now + ban))
        b:close()
      end
    end
    m.setvar("tx.cc_verdict", name)
  end
  return nil
end
