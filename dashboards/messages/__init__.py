"""Message catalogues per product area (each module defines ``ZH`` and ``EN``), merged into
``dashboards.i18n.MESSAGES`` at import."""
