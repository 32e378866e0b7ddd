-- Rebuilds a timeline without losing what was added meanwhile. KEYS[1]: the timeline; ARGV[1]: capacity;
-- ARGV[2]: how many members the snapshot had (n); ARGV[3 .. n+2]: the snapshot, the members the timeline held when
-- the rebuild began; ARGV[n+3 ..]: the members it should hold. A member of the snapshot that it should not hold
-- goes; a member added after the snapshot (a post fanned out during the rebuild) stays.
local capacity = tonumber(ARGV[1])
local n = tonumber(ARGV[2])
local wanted = {}
for i = n + 3, #ARGV do
  wanted[ARGV[i]] = true
  redis.call('ZADD', KEYS[1], 0, ARGV[i])
end
local removed = 0
for i = 3, n + 2 do
  if not wanted[ARGV[i]] then
    removed = removed + redis.call('ZREM', KEYS[1], ARGV[i])
  end
end
local size = redis.call('ZCARD', KEYS[1])
if size > capacity then
  redis.call('ZREMRANGEBYRANK', KEYS[1], 0, size - capacity - 1)
end
return removed
