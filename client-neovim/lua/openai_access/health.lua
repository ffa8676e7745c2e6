-- :checkhealth openai_access — what a user checks when nothing shows up: is the server
-- there, which version and how old its model catalog is, will it get an API key, where it
-- caches answers. The key itself is never shown, not even a part of it.
local M = {}

-- vim.health.start/ok/… since 0.10; report_start/report_ok/… in 0.7-0.9.
local health = vim.health or require('health')
local start = health.start or health.report_start
local ok = health.ok or health.report_ok
local warn = health.warn or health.report_warn
local err = health.error or health.report_error
local info = health.info or health.report_info

--- The server command the user configured (vim.lsp.config in 0.11+, or the legacy setup()),
--- else the default.
function M.server_cmd()
  local legacy = package.loaded['openai_access.legacy']
  local config = (vim.lsp and vim.lsp.config and vim.lsp.config.openai_access) or (legacy and legacy.config)
  if config and type(config.cmd) == 'table' and #config.cmd > 0 then
    return vim.deepcopy(config.cmd), config
  end
  return { 'openai-access', 'serve' }, config
end

--- `openai-access serve [...]` or `python -m openai_access serve` -> the same with --version.
local function version_cmd(cmd)
  local out = {}
  for _, part in ipairs(cmd) do
    if part == 'serve' then
      break
    end
    table.insert(out, part)
  end
  table.insert(out, '--version')
  return out
end

--- Where the server caches answers: the cacheDir setting, else platformdirs' user cache dir
--- for "openai-access" (what the server uses).
function M.cache_dir(config)
  local configured = config
    and ((config.init_options or {}).cacheDir or ((config.settings or {}).openaiAccess or {}).cacheDir)
  if type(configured) == 'string' and configured ~= '' then
    return configured, 'the cacheDir setting'
  end
  local uname = (vim.loop or vim.uv).os_uname().sysname
  if uname == 'Darwin' then
    return vim.fn.expand('~/Library/Caches/openai-access'), 'default'
  elseif uname:match('Windows') then
    return (vim.env.LOCALAPPDATA or vim.fn.expand('~/AppData/Local')) .. '\\openai-access\\Cache', 'default'
  end
  local base = vim.env.XDG_CACHE_HOME
  if base == nil or base == '' then
    base = vim.fn.expand('~/.cache')
  end
  return base .. '/openai-access', 'default'
end

function M.check()
  start('openai-access: language server')
  local cmd, config = M.server_cmd()
  local exe = vim.fn.exepath(cmd[1])
  if exe == '' then
    err(
      string.format('%q is not executable or not on PATH', cmd[1]),
      {
        'Install the server: pipx install git+https://github.com/openai-access/openai-access (it is not on PyPI)',
        "or set the server command to a Python that has it: cmd = { '/path/to/python', '-m', 'openai_access', 'serve' } (vim.lsp.config or the legacy setup)",
      }
    )
  else
    ok(string.format('server command: %s (%s)', table.concat(cmd, ' '), exe))
    local vcmd = version_cmd(cmd)
    local out = vim.fn.system(vcmd)
    if vim.v.shell_error ~= 0 then
      err(
        string.format('`%s` failed (exit %d): %s', table.concat(vcmd, ' '), vim.v.shell_error, vim.trim(out)),
        { 'Reinstall the server; run the command above in a shell to see the whole error' }
      )
    else
      local version, as_of = out:match('openai%-access (%S+) %(catalog as of (%d%d%d%d%-%d%d%-%d%d)%)')
      if version then
        ok('version ' .. version)
        local y, mo, d = as_of:match('(%d+)-(%d+)-(%d+)')
        local age = math.floor((os.time() - os.time({ year = y, month = mo, day = d, hour = 12 })) / 86400)
        if age > 180 then
          warn(
            string.format('model catalog as of %s (%d days old): newer deprecations are not in it', as_of, age),
            { 'Upgrade the server, or set catalogPath to a newer models.json' }
          )
        else
          ok(string.format('model catalog as of %s (%d days old)', as_of, age))
        end
      else
        warn('unexpected --version output: ' .. vim.trim(out), { 'Upgrade the server (older versions print no catalog date)' })
      end
    end
  end

  start('openai-access: API key and cache')
  local key = vim.env.OPENAI_API_KEY
  if key ~= nil and vim.trim(key) ~= '' then
    ok("OPENAI_API_KEY is set in Neovim's environment; the server inherits it and checks access live")
  else
    info('OPENAI_API_KEY is not set: checks are offline (catalog only: deprecated, retired, unknown models)')
  end
  for _, name in ipairs({ 'OPENAI_BASE_URL', 'OPENAI_ORG_ID', 'OPENAI_PROJECT_ID' }) do
    local value = vim.env[name]
    if value ~= nil and value ~= '' then
      info(name .. ' = ' .. value)
    end
  end
  local dir, source = M.cache_dir(config)
  if vim.fn.isdirectory(dir) == 1 then
    ok(string.format('cache dir: %s (%s)', dir, source))
  else
    info(string.format('cache dir: %s (%s; not created yet: nothing probed so far)', dir, source))
  end
end

return M
