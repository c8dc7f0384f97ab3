app_name = "meetings_public"

urlpatterns = []
