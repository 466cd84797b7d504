from .places import Area, FormerDistrict
from .taxonomy import Category
from .producers import CraftVillage, CraftVillageAlias, Producer
from .products import Product, ProductImage
from .certifications import Certification
from .search import SearchWord

__all__ = [
    "Area",
    "FormerDistrict",
    "Category",
    "CraftVillage",
    "CraftVillageAlias",
    "Producer",
    "Product",
    "ProductImage",
    "Certification",
    "SearchWord",
]
