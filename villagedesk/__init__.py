"""村务桌面 VillageDesk: an offline desk for village and township offices."""

__version__ = "0.1.0"
