-- Commands and status for the openai-access language server, for any Neovim from 0.7 on
-- (0.7 is what Debian 12 ships; 0.11 adds vim.lsp.config/enable, see lsp/openai_access.lua).
local M = {}

M.name = 'openai_access'

--- Last `openaiAccess/status` notification per client id: {project, state, message, done, total}.
M.statuses = {}

local function clients(bufnr)
  local all
  if vim.lsp.get_clients then -- 0.10+
    all = vim.lsp.get_clients({ name = M.name })
  else -- 0.7-0.9: no filter argument in 0.7
    all = vim.tbl_values(vim.lsp.get_active_clients())
  end
  local mine, attached = {}, {}
  for _, client in ipairs(all) do
    if client.name == M.name then
      table.insert(mine, client)
      if bufnr and vim.lsp.buf_is_attached(bufnr, client.id) then
        table.insert(attached, client)
      end
    end
  end
  return #attached > 0 and attached or mine
end

local function request(client, method, params, handler, bufnr)
  if vim.fn.has('nvim-0.11') == 1 then
    return client:request(method, params, handler, bufnr)
  end
  return client.request(method, params, handler, bufnr)
end

function M.on_status(_, result, ctx)
  if type(result) ~= 'table' then
    return
  end
  M.statuses[ctx.client_id] = result
  if result.state == 'problem' and result.message and result.message ~= '' then
    vim.notify('openai-access: ' .. result.message, vim.log.levels.WARN)
  end
  vim.api.nvim_exec_autocmds('User', { pattern = 'OpenAIAccessStatus', modeline = false })
end

--- A short string for a statusline: "OpenAI: checking 2/5", "OpenAI: proj_…", "OpenAI: offline".
function M.status()
  for _, client in ipairs(clients(nil)) do
    local s = M.statuses[client.id]
    if s then
      if s.state == 'probing' then
        return string.format('OpenAI: checking %d/%d', s.done or 0, s.total or 0)
      elseif s.state == 'problem' then
        return 'OpenAI: ' .. (s.message or 'problem'):match('^[^.:;\n]*')
      elseif s.state == 'offline' then
        return 'OpenAI: offline'
      end
      -- "proj_abc (the key's default project)" -> "proj_abc"
      local project = (s.project or ''):gsub('%s*%b()%s*$', '')
      return 'OpenAI: ' .. (project ~= '' and project or 'ok')
    end
  end
  return ''
end

--- Run a server command; `on_result(result)` gets its answer. Errors are notified.
function M.execute(command, arguments, on_result)
  local bufnr = vim.api.nvim_get_current_buf()
  local client = clients(bufnr)[1]
  if not client then
    vim.notify('openai-access: the language server is not running in this buffer', vim.log.levels.ERROR)
    return false
  end
  request(client, 'workspace/executeCommand', { command = command, arguments = arguments }, function(err, result)
    if err then
      vim.notify('openai-access: ' .. command .. ': ' .. (err.message or vim.inspect(err)), vim.log.levels.ERROR)
      return
    end
    if on_result then
      on_result(result)
    end
  end, bufnr)
  return true
end

--- Re-check access for one model, or every model in the open documents.
function M.recheck(model)
  local args = {}
  if model and model ~= '' then
    args = { { model = model } }
  end
  return M.execute('openai-access.recheck', args, function(result)
    local what = (model and model ~= '') and model or 'all models'
    local message = type(result) == 'table' and result.message or nil
    vim.notify('openai-access: re-check ' .. what .. ': ' .. (message or 'done'), vim.log.levels.INFO)
  end)
end

--- Show Markdown in a scratch buffer (report, doctor).
function M.show_markdown(title, text)
  vim.cmd('botright new')
  local buf = vim.api.nvim_get_current_buf()
  vim.bo[buf].buftype = 'nofile'
  vim.bo[buf].bufhidden = 'wipe'
  vim.bo[buf].swapfile = false
  pcall(vim.api.nvim_buf_set_name, buf, 'openai-access://' .. title)
  vim.api.nvim_buf_set_lines(buf, 0, -1, false, vim.split(text or '', '\n', { plain = true }))
  vim.bo[buf].modifiable = false
  vim.bo[buf].filetype = 'markdown'
  return buf
end

function M.report()
  return M.execute('openai-access.report', {}, function(result)
    M.show_markdown('report', result)
  end)
end

--- Download a newer model catalog; the server re-judges open buffers and says what changed.
function M.update_catalog(source)
  local args = {}
  if source and source ~= '' then
    args = { { from = source } }
  end
  return M.execute('openai-access.updateCatalog', args, function(result)
    if result and result.message then
      vim.notify('openai-access: ' .. result.message, result.updated and vim.log.levels.INFO or vim.log.levels.WARN)
    end
  end)
end

function M.doctor()
  return M.execute('openai-access.doctor', {}, function(result)
    M.show_markdown('doctor', result)
  end)
end

return M
