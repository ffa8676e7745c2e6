-- Drives a real headless Neovim through what a user does with openai-access, and writes what it
-- saw as JSON for the pytest side to assert on. Works on Neovim 0.7 (Debian) and 0.11 (PyPI).
--
-- Input (environment):
--   OA_RESULT      where to write the JSON
--   OA_FILE        the file to open (already copied into a scratch workspace)
--   OA_HOVER_LINE  0-based line whose first openai-access diagnostic is hovered
--   OA_FIX_LINE    0-based line whose first openai-access diagnostic gets its first quick fix
--   OA_RECHECK     model for :OpenAIAccessRecheck
-- The user config (init.lua) has already put client-neovim on 'runtimepath' and configured the server.
local R = { steps = {}, notifications = {} }
local out = assert(os.getenv('OA_RESULT'), 'OA_RESULT not set')

local function write_result()
  local f = assert(io.open(out, 'w'))
  f:write(vim.fn.json_encode(R))
  f:close()
end

local function step(name)
  table.insert(R.steps, name)
end

-- Capture what the plugin tells the user.
local notify = vim.notify
vim.notify = function(msg, level, opts)
  table.insert(R.notifications, { msg = msg, level = level })
  return notify(msg, level, opts)
end

local function clients(bufnr)
  if vim.lsp.get_clients then
    return vim.lsp.get_clients({ bufnr = bufnr, name = 'openai_access' })
  end
  local found = {}
  for _, c in pairs(vim.lsp.buf_get_clients(bufnr)) do
    if c.name == 'openai_access' then
      table.insert(found, c)
    end
  end
  return found
end

local function ours(bufnr, lnum)
  local found = {}
  for _, d in ipairs(vim.diagnostic.get(bufnr, lnum and { lnum = lnum } or nil)) do
    if d.source == 'openai-access' then
      table.insert(found, d)
    end
  end
  table.sort(found, function(a, b)
    return a.lnum < b.lnum or (a.lnum == b.lnum and a.col < b.col)
  end)
  return found
end

-- The LSP-shaped diagnostics on a line, for the code action context.
local function lsp_diagnostics(bufnr, lnum)
  if vim.fn.has('nvim-0.10') == 1 then
    return vim.tbl_map(function(d)
      return d.user_data.lsp
    end, ours(bufnr, lnum))
  end
  return vim.lsp.diagnostic.get_line_diagnostics(bufnr, lnum)
end

local function code(d)
  return d.code or (d.user_data and d.user_data.lsp and d.user_data.lsp.code)
end

local function run()
  local file = assert(os.getenv('OA_FILE'))
  vim.cmd('edit ' .. vim.fn.fnameescape(file))
  local bufnr = vim.api.nvim_get_current_buf()
  R.filetype = vim.bo[bufnr].filetype

  assert(vim.wait(30000, function()
    return #clients(bufnr) > 0
  end, 20), 'the openai_access client never attached (filetype ' .. R.filetype .. ')')
  local client = clients(bufnr)[1]
  R.offset_encoding = client.offset_encoding
  step('attached')

  local hover_line = tonumber(os.getenv('OA_HOVER_LINE'))
  local fix_line = tonumber(os.getenv('OA_FIX_LINE'))
  assert(vim.wait(30000, function()
    return #ours(bufnr, hover_line) > 0 and #ours(bufnr, fix_line) > 0
  end, 20), 'no openai-access diagnostics on lines ' .. hover_line .. ' and ' .. fix_line)
  R.diagnostics = {}
  for _, d in ipairs(ours(bufnr)) do
    table.insert(R.diagnostics, {
      lnum = d.lnum, col = d.col, end_col = d.end_col, severity = d.severity, code = code(d), message = d.message,
    })
  end
  step('diagnostics')

  -- Hover over the literal, the way K does it.
  local hd = ours(bufnr, hover_line)[1]
  vim.api.nvim_win_set_cursor(0, { hd.lnum + 1, hd.col + 1 })
  local hover = vim.lsp.buf_request_sync(bufnr, 'textDocument/hover', vim.lsp.util.make_position_params(0, client.offset_encoding), 10000)
  for _, r in pairs(hover or {}) do
    if r.result and r.result.contents then
      R.hover = type(r.result.contents) == 'table' and (r.result.contents.value or vim.inspect(r.result.contents)) or r.result.contents
    end
  end
  step('hover')

  -- The first quick fix for the diagnostic on the fix line (the non-ASCII one).
  local fd = ours(bufnr, fix_line)[1]
  R.fix_diagnostic = { lnum = fd.lnum, col = fd.col, end_col = fd.end_col, code = code(fd) }
  vim.api.nvim_win_set_cursor(0, { fd.lnum + 1, fd.col + 1 })
  local params = vim.lsp.util.make_range_params(0, client.offset_encoding)
  params.context = { diagnostics = lsp_diagnostics(bufnr, fd.lnum), only = { 'quickfix' } }
  local responses = vim.lsp.buf_request_sync(bufnr, 'textDocument/codeAction', params, 10000)
  R.actions = {}
  local chosen
  for _, r in pairs(responses or {}) do
    for _, a in ipairs(r.result or {}) do
      table.insert(R.actions, a.title)
      if not chosen and a.edit and a.kind == 'quickfix' and not a.title:match('^Ignore') then
        chosen = a
      end
    end
  end
  assert(chosen, 'no quick fix with an edit; got: ' .. vim.inspect(R.actions))
  R.applied = chosen.title
  vim.lsp.util.apply_workspace_edit(chosen.edit, client.offset_encoding)
  R.fixed_line = vim.api.nvim_buf_get_lines(bufnr, fd.lnum, fd.lnum + 1, false)[1]
  step('quickfix')

  -- The re-check command, as typed. Its answer arrives as a notification.
  local before = #R.notifications
  vim.cmd('OpenAIAccessRecheck ' .. (os.getenv('OA_RECHECK') or ''))
  assert(vim.wait(30000, function()
    for i = before + 1, #R.notifications do
      if R.notifications[i].msg:match('re%-check') then
        return true
      end
    end
    return false
  end, 20), 're-check never answered')
  step('recheck')

  -- The report in a scratch buffer.
  vim.cmd('OpenAIAccessReport')
  assert(vim.wait(30000, function()
    return vim.bo.filetype == 'markdown' and vim.api.nvim_buf_get_name(0):match('openai%-access://report') ~= nil
  end, 20), 'no report buffer')
  R.report = table.concat(vim.api.nvim_buf_get_lines(0, 0, -1, false), '\n')
  R.report_buftype = vim.bo.buftype
  step('report')

  -- The doctor's checklist, the same way.
  vim.cmd('wincmd p')
  vim.cmd('OpenAIAccessDoctor')
  assert(vim.wait(30000, function()
    return vim.api.nvim_buf_get_name(0):match('openai%-access://doctor') ~= nil
  end, 20), 'no doctor buffer')
  R.doctor = table.concat(vim.api.nvim_buf_get_lines(0, 0, -1, false), '\n')
  step('doctor')
  R.statusline = require('openai_access').status()
end

local ok, err = pcall(run)
if not ok then
  R.error = tostring(err)
end
pcall(write_result)
if ok then
  vim.cmd('qall!')
else
  vim.cmd('cquit 3')
end
