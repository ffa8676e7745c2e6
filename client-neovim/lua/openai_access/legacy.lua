-- For Neovim 0.7-0.10 without nvim-lspconfig: start the server from a FileType autocmd,
-- one client per project root.
--
--   require('openai_access.legacy').setup({ cmd = { 'openai-access', 'serve' } })
local M = {}

local defaults = {
  cmd = { 'openai-access', 'serve' },
  filetypes = { 'python', 'javascript', 'javascriptreact', 'typescript', 'typescriptreact', 'dotenv', 'yaml', 'toml', 'json', 'jsonc' },
  root_markers = { '.openai-access.toml', 'pyproject.toml', 'package.json', '.git' },
  init_options = {},
  settings = { openaiAccess = {} },
  capabilities = nil,
}

local function find_root(file, markers)
  local dir = vim.fn.fnamemodify(file, ':p:h')
  while dir and dir ~= '' do
    for _, marker in ipairs(markers) do
      if vim.fn.glob(dir .. '/' .. marker) ~= '' then
        return dir
      end
    end
    local parent = vim.fn.fnamemodify(dir, ':h')
    if parent == dir then
      break
    end
    dir = parent
  end
  return vim.fn.fnamemodify(file, ':p:h')
end

function M.setup(opts)
  local config = vim.tbl_deep_extend('force', defaults, opts or {})
  M.config = config -- for :checkhealth openai_access
  local by_root = {}
  vim.api.nvim_create_autocmd('FileType', {
    group = vim.api.nvim_create_augroup('openai_access_legacy', { clear = true }),
    pattern = config.filetypes,
    callback = function(args)
      local file = vim.api.nvim_buf_get_name(args.buf)
      if file == '' then
        return
      end
      local root = find_root(file, config.root_markers)
      local id = by_root[root]
      if not id or not vim.lsp.get_client_by_id(id) then
        id = vim.lsp.start_client({
          name = 'openai_access',
          cmd = config.cmd,
          root_dir = root,
          init_options = config.init_options,
          settings = config.settings,
          capabilities = config.capabilities,
          handlers = {
            ['openaiAccess/status'] = function(...)
              require('openai_access').on_status(...)
            end,
          },
        })
        by_root[root] = id
      end
      if id then
        vim.lsp.buf_attach_client(args.buf, id)
      end
    end,
  })
end

return M
