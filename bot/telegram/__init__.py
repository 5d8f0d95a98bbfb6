"""The Telegram shell: aiogram 3 routers, filters and middlewares over the core engine."""
