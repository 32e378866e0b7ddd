-- Removes every entry of one author from a timeline. KEYS[1]: the timeline; ARGV[1]: the author's id.
local suffix = ' ' .. ARGV[1]
local removed = 0
for _, member in ipairs(redis.call('ZRANGE', KEYS[1], 0, -1)) do
  if string.sub(member, -#suffix) == suffix then
    removed = removed + redis.call('ZREM', KEYS[1], member)
  end
end
return removed
