print("termscale")
