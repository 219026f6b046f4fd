import SimServeKit
print("simserve")
