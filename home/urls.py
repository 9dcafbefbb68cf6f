from django.urls import path

from home import views

# Inside the language prefix, so /de/suche/ and /ar/suche/ search German and Arabic pages.
urlpatterns = [path("suche/", views.search, name="search")]
